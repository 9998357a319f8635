using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.WhatsApp;

public class OutboundCorrelationTests
{
    [Fact]
    public void A_message_and_a_validation_correlation_round_trip_and_stay_apart()
    {
        var id = new ConversationId("acme", "+351912345678");
        var message = new OutboundCorrelation(id, 7);
        var validation = new OutboundCorrelation(id, 7, Validation: true);
        Assert.Equal("ie1:acme:+351912345678:7", message.Format());
        Assert.Equal("ie1:acme:+351912345678:v7", validation.Format());
        Assert.True(OutboundCorrelation.TryParse(message.Format(), out var m));
        Assert.True(OutboundCorrelation.TryParse(validation.Format(), out var v));
        Assert.Equal(message, m);
        Assert.Equal(validation, v);
        Assert.False(OutboundCorrelation.TryParse("ie1:acme:+351912345678:v", out _));
        Assert.False(OutboundCorrelation.TryParse("ie1:acme:+351912345678:v0", out _));
    }
}

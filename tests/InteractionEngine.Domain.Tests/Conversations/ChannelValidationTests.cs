using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>"Validate WhatsApp channel" goes through the outbox: a command persists the request, the dispatcher sends it.</summary>
public class ChannelValidationTests
{
    private static readonly NotificationContent Check = new("whatsapp_channel_check", "en_US", "Checking your number", new Dictionary<string, string>(), null, []);

    private static ValidateChannel Validate(string clientId, DateTimeOffset at) =>
        new(Id, "agent-1", clientId, ChannelKind.WhatsApp, "351912345678", Check, at);

    [Fact]
    public void A_validation_is_recorded_with_its_own_number_and_is_not_a_transcript_message()
    {
        var state = Given(Inbound("wamid.in"), Route());
        var decision = When(state, Validate("v1", At(1)));
        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        var requested = Assert.IsType<ChannelValidationRequested>(Assert.Single(decision.Events));
        Assert.Equal(1, requested.ValidationNumber);
        Assert.Equal("351912345678", requested.Address);
        var after = Assert.IsType<ConversationState.Started>(Apply(state, decision));
        Assert.Equal(((ConversationState.Started)state).LastMessageNumber, after.LastMessageNumber);

        var second = When(after, Validate("v2", At(2)));
        Assert.Equal(2, Assert.IsType<ChannelValidationRequested>(Assert.Single(second.Events)).ValidationNumber);
    }

    [Fact]
    public void A_retried_validation_with_the_same_client_id_is_a_duplicate_and_sends_nothing()
    {
        var state = Given(Inbound("wamid.in"), Route());
        state = Apply(state, When(state, Validate("v1", At(1))));
        var retry = When(state, Validate("v1", At(2)));
        Assert.Equal(ReplyCode.Duplicate, retry.Reply.Code);
        Assert.Empty(retry.Events);
    }

    [Fact]
    public void A_validation_needs_a_client_id_and_a_whatsapp_channel()
    {
        var state = Given(Inbound("wamid.in"), Route());
        Assert.Equal(ReplyCode.Invalid, When(state, Validate("", At(1))).Reply.Code);
        Assert.Equal(ReplyCode.Invalid, When(state, Validate("v1", At(1)) with { Channel = ChannelKind.Sms }).Reply.Code);
    }

    [Fact]
    public void A_validation_needs_a_conversation()
    {
        Assert.Equal(ReplyCode.NotFound, When(new ConversationState.None(), Validate("v1", At(1))).Reply.Code);
    }
}

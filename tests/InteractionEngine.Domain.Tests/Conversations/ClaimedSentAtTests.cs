using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>
/// A channel's sentAt is the sender's claim: one in the future would keep WhatsApp's 24-hour window open past its
/// real end, so it is clamped to the receipt time and the claim kept beside it.
/// </summary>
public class ClaimedSentAtTests
{
    private static ReceiveMessage InboundSentAt(DateTimeOffset sentAt) =>
        new(Id, ChannelKind.WhatsApp, "wamid.future", "hello", [], sentAt, At(0));

    [Fact]
    public void A_sentAt_in_the_future_is_clamped_to_the_receipt_time_and_the_claim_recorded()
    {
        var claimed = At(0).AddDays(3);
        var decision = When(new ConversationState.None(), InboundSentAt(claimed));

        var received = Assert.Single(decision.Events.OfType<MessageReceived>());
        Assert.Equal(At(0), received.SentAt);
        Assert.Equal(claimed, received.ClaimedSentAt);
        // The 24-hour window runs from the receipt time, not from the claim.
        Assert.Equal(At(0), Started(Apply(new ConversationState.None(), decision)).LastContactSentAt);
    }

    [Fact]
    public void A_sentAt_at_or_before_the_receipt_time_is_kept_and_nothing_is_claimed()
    {
        var decision = When(new ConversationState.None(), InboundSentAt(At(-2)));

        var received = Assert.Single(decision.Events.OfType<MessageReceived>());
        Assert.Equal(At(-2), received.SentAt);
        Assert.Null(received.ClaimedSentAt);
    }
}

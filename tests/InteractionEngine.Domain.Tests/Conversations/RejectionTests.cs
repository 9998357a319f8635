using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>Every illegal command is rejected with a reason and produces no event.</summary>
public class RejectionTests
{
    public static TheoryData<string, ConversationState, IConversationCommand, ReplyCode> Illegal() => new()
    {
        { "send before any interaction", new ConversationState.None(), Send("c1"), ReplyCode.NotFound },
        { "end before any interaction", new ConversationState.None(), EndByContact(), ReplyCode.NotFound },
        { "send while queued", Given(Inbound("w1")), Send("c1"), ReplyCode.Conflict },
        { "send as another agent", Given(Inbound("w1"), Route()), Send("c1", agent: "agent-2"), ReplyCode.Forbidden },
        { "send after done", Given(Inbound("w1"), Route(), Done()), Send("c1"), ReplyCode.Conflict },
        { "end twice", Given(Inbound("w1"), Route(), EndByContact()), EndByContact(), ReplyCode.Conflict },
        { "end after done", Given(Inbound("w1"), Route(), Done()), EndByAgent(), ReplyCode.Conflict },
        { "agent ends unrouted", Given(Inbound("w1")), EndByAgent(), ReplyCode.Conflict },
        { "agent ends another's session", Given(Inbound("w1"), Route()), EndByAgent("agent-2"), ReplyCode.Forbidden },
        { "done while queued", Given(Inbound("w1")), Done(), ReplyCode.Conflict },
        { "done twice", Given(Inbound("w1"), Route(), Done()), Done(), ReplyCode.Conflict },
        { "done by another agent", Given(Inbound("w1"), Route(), EndByContact()), Done("agent-2"), ReplyCode.Forbidden },
        { "reactivate an active session", Given(Inbound("w1"), Route()), Reactivate(), ReplyCode.Conflict },
        { "reactivate a queued interaction", Given(Inbound("w1")), Reactivate(), ReplyCode.Conflict },
        { "reactivate another's ended session", Given(Inbound("w1"), Route(), EndByContact()), Reactivate("agent-2"), ReplyCode.Forbidden },
        { "read a message that does not exist", Given(Inbound("w1"), Route()), new MarkRead(Id, "agent-1", 5, At(0)), ReplyCode.NotFound },
        { "mark unread with no inbound message", Given(Route()), new MarkUnread(Id, "agent-1", At(0)), ReplyCode.Conflict },
        { "status of an unknown message", Given(Inbound("w1"), Route()), new RecordDeliveryStatus(Id, 1, DeliveryStatus.Delivered, null, null, At(0)), ReplyCode.NotFound },
        { "empty inbound message", new ConversationState.None(), Inbound("w1", text: ""), ReplyCode.Invalid },
        { "missing channel message id", new ConversationState.None(), Inbound(" "), ReplyCode.Invalid },
        { "empty agent message", Given(Inbound("w1"), Route()), Send("c1", text: ""), ReplyCode.Invalid },
        { "whitespace-only inbound message", new ConversationState.None(), Inbound("w1", text: " \t\n\u00a0 "), ReplyCode.Invalid },
        { "whitespace-only agent message", Given(Inbound("w1"), Route()), Send("c1", text: "   \r\n"), ReplyCode.Invalid },
        { "text too long", Given(Inbound("w1"), Route()), Send("c1", text: new string('x', CommandValidation.MaxTextLength + 1)), ReplyCode.Invalid },
        { "attachment without mime type", Given(Inbound("w1"), Route()),
            new SendMessage(Id, "agent-1", "c1", null, [new Attachment("blob:1", "png", 10)], At(0)), ReplyCode.Invalid },
        { "attachment of no size", Given(Inbound("w1"), Route()),
            new SendMessage(Id, "agent-1", "c1", null, [new Attachment("blob:1", "image/png", 0)], At(0)), ReplyCode.Invalid },
        { "pending reported as a status", Given(Inbound("w1"), Route(), Send("c1")),
            new RecordDeliveryStatus(Id, 2, DeliveryStatus.Pending, null, null, At(0)), ReplyCode.Invalid },
        { "read position zero", Given(Inbound("w1")), new MarkRead(Id, "agent-1", 0, At(0)), ReplyCode.Invalid },
        { "blank sender address", new ConversationState.None(),
            new ReceiveMessage(Id, ChannelKind.WhatsApp, "w1", "hi", [], At(0), At(0), From: " "), ReplyCode.Invalid },
        { "sender address too long", new ConversationState.None(),
            new ReceiveMessage(Id, ChannelKind.WhatsApp, "w1", "hi", [], At(0), At(0), From: new string('1', CommandValidation.MaxIdLength + 1)), ReplyCode.Invalid },
    };

    [Theory]
    [MemberData(nameof(Illegal))]
    public void Illegal_command_is_rejected_with_a_reason_and_no_event(string why, ConversationState state, IConversationCommand command, ReplyCode expected)
    {
        var decision = When(state, command);
        Assert.True(expected == decision.Reply.Code, $"{why}: got {decision.Reply.Code}");
        Assert.False(string.IsNullOrWhiteSpace(decision.Reply.Reason), why);
        Assert.Empty(decision.Events);
    }
}

using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// The conversation's rules as pure functions: Decide(state, command, policy) gives events or a rejection,
/// Evolve(state, event) folds an event in. No clock, no I/O: time comes with the command.
/// Every rule is listed in docs/lifecycle.md.
/// </summary>
public static partial class Conversation
{
    /// <summary>How many idempotency keys (channel message ids, client message ids) a conversation remembers.</summary>
    public const int IdempotencyMemory = 2000;

    /// <summary>How many outbound messages keep a tracked delivery status.</summary>
    public const int DeliveryStatusMemory = 2000;

    public static Decision Decide(ConversationState state, IConversationCommand command, TenantPolicy policy)
    {
        if (CommandValidation.Problem(command) is { } problem) return Decision.Reject(ReplyCode.Invalid, problem);
        if (command is IDirectoryCommand directory) return DecideDirectory(state, directory);
        return state switch
        {
            None => DecideFirst(command),
            Started s => command switch
            {
                RouteInteraction c => Route(s, c),
                ReceiveMessage c => ReceiveOnChannel(s, c, policy),
                SendMessage c => SendFreeForm(s, c, policy),
                SendNotification c => SendTemplate(s, c, policy),
                RecordDeliveryStatus c => RecordStatus(s, c),
                RecordChannelDeliveryStatus c => RecordByChannelId(s, c),
                ExpireUnknownDelivery c => ExpireUnknown(s, c),
                RequestChannelConnection c => RequestConnection(s, c),
                RecordChannelState c => RecordChannel(s, c),
                ValidateChannel c => Validate(s, c),
                EndSession c => End(s, c),
                MarkDone c => Done(s, c, policy.WrapUp ?? WrapUpPolicy.None),
                Reactivate c => Reactivate(s, c),
                MarkRead c => Read(s, c),
                MarkUnread c => Unread(s, c),
                CheckTimers c => CheckIdle(s, c, policy),
                StartInteraction c => Start(s, c),
                RecordAttachmentFetch c => RecordFetch(s, c),
                AddPrivateNote c => Note(s, c),
                _ => Decision.Reject(ReplyCode.Invalid, $"{command.GetType().Name} is not a conversation command"),
            },
            _ => throw new InvalidOperationException($"Unknown state {state.GetType().Name}"),
        };
    }

    private static Decision DecideFirst(IConversationCommand command) => command switch
    {
        RouteInteraction c => Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: 1),
            new InteractionOpened(c.ConversationId, 1, c.Channel, InteractionOrigin.Outbound, c.At),
            new InteractionRouted(c.ConversationId, 1, c.AgentId, c.Reason, null, c.At)),
        ReceiveMessage c => Decision.Accept(new Reply(ReplyCode.Accepted, Message: new MessageRef(1, 1), Interaction: 1),
            new InteractionOpened(c.ConversationId, 1, c.Channel, InteractionOrigin.Inbound, c.At),
            Received(c, interaction: 1, messageNumber: 1)),
        StartInteraction c => StartedByAgent(c, interaction: 1),
        _ => Decision.Reject(ReplyCode.NotFound, "the conversation has no interaction yet: a contact message or a routing request starts one"),
    };

    private static Decision Route(Started s, RouteInteraction c)
    {
        var current = s.Current;
        if (current.Status == InteractionStatus.Done)
        {
            var next = current.Number + 1;
            return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: next),
                new InteractionOpened(s.Id, next, c.Channel, InteractionOrigin.Outbound, c.At),
                new InteractionRouted(s.Id, next, c.AgentId, c.Reason, null, c.At));
        }
        if (current.AgentId == c.AgentId)
            return Decision.Unchanged($"interaction {current.Number} is already routed to {c.AgentId}");
        return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: current.Number),
            new InteractionRouted(s.Id, current.Number, c.AgentId, c.Reason, current.AgentId, c.At));
    }

    private static Decision Receive(Started s, ReceiveMessage c, TenantPolicy policy)
    {
        if (s.ProcessedKeys.TryGet(InboundKey(c.ChannelMessageId), out var original)) return Decision.Duplicate(original);
        var current = s.Current;
        var number = s.LastMessageNumber + 1;
        switch (current.Status)
        {
            case InteractionStatus.Queued or InteractionStatus.Active:
                return Accepted(current.Number, number, Received(c, current.Number, number));
            case InteractionStatus.Ended:
                return Accepted(current.Number, number,
                    new Reactivated(s.Id, current.Number, current.Number, false, Party.Contact, null, current.Channel, c.At),
                    Received(c, current.Number, number));
            default: // Done: the tenant's reopen window decides between reopening and a new interaction
                if (c.At - current.DoneAt!.Value <= policy.ReopenWindow)
                    return Accepted(current.Number, number,
                        new Reactivated(s.Id, current.Number, current.Number, false, Party.Contact, null, current.Channel, c.At),
                        Received(c, current.Number, number));
                var next = current.Number + 1;
                return Accepted(next, number,
                    new InteractionOpened(s.Id, next, c.Channel, InteractionOrigin.Inbound, c.At),
                    Received(c, next, number));
        }
    }

    /// <param name="sent">The outbound event for (interaction, message number, channel).</param>
    /// <param name="writeAfterDone">The tenant lets an agent's message after Done start the next interaction (<see cref="TenantPolicy.WriteAfterDone"/>).</param>
    private static Decision Send(Started s, string agentId, string clientMessageId, DateTimeOffset at,
        Func<int, long, ChannelKind, IConversationEvent> sent, bool writeAfterDone = false)
    {
        if (s.ProcessedKeys.TryGet(OutboundKey(clientMessageId), out var original)) return Decision.Duplicate(original);
        var current = s.Current;
        var number = s.LastMessageNumber + 1;
        if (current.Status == InteractionStatus.Queued)
            return Decision.Reject(ReplyCode.Conflict, $"interaction {current.Number} is not routed to an agent yet");
        if (current.Status == InteractionStatus.Done)
        {
            if (!writeAfterDone)
                return Decision.Reject(ReplyCode.Conflict, $"interaction {current.Number} is marked Done: reactivate the conversation " +
                    "(POST /reactivate) to start a new interaction, then send; this tenant does not start one from a message");
            // As Reactivate after Done (any agent may continue from the history), then the message, in one decision.
            var next = current.Number + 1;
            return Accepted(next, number,
                new Reactivated(s.Id, next, current.Number, true, Party.Agent, agentId, current.Channel, at),
                sent(next, number, current.Channel));
        }
        if (current.AgentId != agentId)
            return Decision.Reject(ReplyCode.Forbidden, $"interaction {current.Number} is routed to another agent");
        // Typing into an ended (not Done) session reactivates it, as agents do in the Conversation tab.
        return current.Status == InteractionStatus.Ended
            ? Accepted(current.Number, number,
                new Reactivated(s.Id, current.Number, current.Number, false, Party.Agent, agentId, current.Channel, at),
                sent(current.Number, number, current.Channel))
            : Accepted(current.Number, number, sent(current.Number, number, current.Channel));
    }

    private static Decision RecordStatus(Started s, RecordDeliveryStatus c)
    {
        if (!s.OutboundStatus.TryGet(c.MessageNumber, out var status))
            return Decision.Reject(ReplyCode.NotFound, $"message {c.MessageNumber} is not a tracked outbound message of this conversation");
        if (status is DeliveryStatus.Read or DeliveryStatus.Failed || c.Status <= status)
            return Decision.Unchanged($"message {c.MessageNumber} is already {status}");
        return Decision.Accept(new Reply(ReplyCode.Accepted),
            new DeliveryStatusChanged(s.Id, c.MessageNumber, c.Status, c.ChannelMessageId, c.Error, c.At));
    }

    private static Decision End(Started s, EndSession c)
    {
        var current = s.Current;
        if (current.Status is InteractionStatus.Ended or InteractionStatus.Done)
            return Decision.Reject(ReplyCode.Conflict, $"the session of interaction {current.Number} has already ended");
        if (c.By == Party.Agent && current.Status == InteractionStatus.Queued)
            return Decision.Reject(ReplyCode.Conflict, $"interaction {current.Number} is not routed to an agent yet");
        if (c.By == Party.Agent && current.AgentId != c.ActorId)
            return Decision.Reject(ReplyCode.Forbidden, $"interaction {current.Number} is routed to another agent");
        return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: current.Number),
            new SessionEnded(s.Id, current.Number, c.By, c.ActorId, c.Reason, c.At));
    }

    private static Decision Reactivate(Started s, Reactivate c)
    {
        var current = s.Current;
        switch (current.Status)
        {
            case InteractionStatus.Queued or InteractionStatus.Active:
                return Decision.Reject(ReplyCode.Conflict, $"interaction {current.Number} is still active");
            case InteractionStatus.Ended:
                if (current.AgentId != c.AgentId)
                    return Decision.Reject(ReplyCode.Forbidden, $"interaction {current.Number} is routed to another agent");
                return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: current.Number),
                    new Reactivated(s.Id, current.Number, current.Number, false, Party.Agent, c.AgentId, current.Channel, c.At));
            default: // Done: any agent may continue the conversation from the contact's history
                var next = current.Number + 1;
                return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: next),
                    new Reactivated(s.Id, next, current.Number, true, Party.Agent, c.AgentId, c.Channel ?? current.Channel, c.At));
        }
    }

    private static Decision Read(Started s, MarkRead c)
    {
        if (NotReadOwner(s, c.AgentId, c.Supervisor) is { } forbidden) return forbidden;
        if (c.UpToMessageNumber > s.LastMessageNumber)
            return Decision.Reject(ReplyCode.NotFound, $"message {c.UpToMessageNumber} does not exist (last is {s.LastMessageNumber})");
        if (c.UpToMessageNumber <= s.ReadUpTo)
            return Decision.Unchanged($"messages up to {s.ReadUpTo} are already read");
        return Decision.Accept(new Reply(ReplyCode.Accepted), new MessagesRead(s.Id, c.AgentId, c.UpToMessageNumber, c.At));
    }

    private static Decision Unread(Started s, MarkUnread c)
    {
        if (NotReadOwner(s, c.AgentId, c.Supervisor) is { } forbidden) return forbidden;
        if (s.LastInboundMessageNumber == 0)
            return Decision.Reject(ReplyCode.Conflict, "the contact has sent no message that could be unread");
        if (s.ReadUpTo < s.LastInboundMessageNumber)
            return Decision.Unchanged("the conversation already has unread messages");
        return Decision.Accept(new Reply(ReplyCode.Accepted),
            new MarkedUnread(s.Id, c.AgentId, s.LastInboundMessageNumber - 1, c.At));
    }

    /// <summary>
    /// The read horizon (the unread badge) belongs to the agent the current interaction is routed to; a supervisor may move
    /// it too. A queued interaction has no agent yet, so only a supervisor may.
    /// </summary>
    private static Decision? NotReadOwner(Started s, string agentId, bool supervisor) =>
        supervisor || s.Current.AgentId == agentId ? null
        : Decision.Reject(ReplyCode.Forbidden, s.Current.AgentId is null
            ? $"interaction {s.Current.Number} is not routed to an agent yet: only a supervisor may change what is read"
            : $"interaction {s.Current.Number} is routed to another agent: only that agent or a supervisor may change what is read");

    private static Decision CheckIdle(Started s, CheckTimers c, TenantPolicy policy)
    {
        if (s.Current.Status != InteractionStatus.Active) return Decision.Unchanged("no active session");
        var idle = c.At - s.LastActivityAt;
        if (policy.IdleCloseAfter is { } close && idle >= close)
            return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: s.Current.Number),
                new SessionEnded(s.Id, s.Current.Number, Party.System, null, $"idle for {close.TotalMinutes:0.#} minutes", c.At));
        if (policy.IdleAlertAfter is { } alert && idle >= alert && !s.IdleAlertRaised)
            return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: s.Current.Number),
                new IdleAlertRaised(s.Id, s.Current.Number, s.LastActivityAt, c.At));
        return Decision.Unchanged("nothing is due");
    }

    // A channel time in the future would keep the 24-hour window open past its end: the receipt time bounds it,
    // and the claim is kept so that nothing the channel said is lost.
    private static MessageReceived Received(ReceiveMessage c, int interaction, long messageNumber) =>
        new(c.ConversationId, interaction, messageNumber, c.Channel, c.ChannelMessageId, c.Text, c.Attachments,
            c.SentAt > c.At ? c.At : c.SentAt, c.At, c.InReplyTo, c.ButtonReply, c.ChannelMessageType, c.Shared, c.ProfileName, c.From,
            ClaimedSentAt: c.SentAt > c.At ? c.SentAt : null);

    private static Decision Accepted(int interaction, long messageNumber, params IConversationEvent[] events) =>
        Decision.Accept(new Reply(ReplyCode.Accepted, Message: new MessageRef(interaction, messageNumber), Interaction: interaction), events);

    internal static string InboundKey(string channelMessageId) => "in:" + channelMessageId;
    internal static string OutboundKey(string clientMessageId) => "out:" + clientMessageId;
}

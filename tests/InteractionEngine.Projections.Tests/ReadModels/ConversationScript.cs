using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// Drives one conversation through the real domain rules (Decide/Evolve) and records the events, so the
/// read models are tested on event sequences the engine can actually produce.
/// </summary>
internal sealed class ConversationScript(ConversationId id, DateTimeOffset start)
{
    private readonly List<IConversationEvent> _events = [];
    private ConversationState _state = new ConversationState.None();
    private long _lastMessageNumber;

    public ConversationId Id { get; } = id;
    public DateTimeOffset Now { get; private set; } = start;
    public IReadOnlyList<IConversationEvent> Events => _events;
    public long LastMessageNumber => _lastMessageNumber;

    /// <summary>The tenant policy the script decides with (wrap-up codes, write-after-Done).</summary>
    public TenantPolicy Policy { get; init; } = TenantPolicy.Default;

    public ConversationScript Wait(TimeSpan span)
    {
        Now += span;
        return this;
    }

    public ConversationScript Seconds(double seconds) => Wait(TimeSpan.FromSeconds(seconds));
    public ConversationScript Minutes(double minutes) => Wait(TimeSpan.FromMinutes(minutes));

    public IReadOnlyList<IConversationEvent> Do(IConversationCommand command)
    {
        var decision = Conversation.Decide(_state, command, Policy);
        Assert.True(decision.Reply.Code == ReplyCode.Accepted, $"{command.GetType().Name} was {decision.Reply.Code}: {decision.Reply.Reason}");
        foreach (var e in decision.Events)
        {
            _state = Conversation.Evolve(_state, e);
            _events.Add(e);
        }
        if (decision.Reply.Message is { } message) _lastMessageNumber = message.MessageNumber;
        return decision.Events;
    }

    public ConversationScript Receive(ChannelKind channel, string channelMessageId, string? text,
        IReadOnlyList<Attachment>? attachments = null, string? inReplyTo = null, ButtonReply? reply = null, string? type = null)
    {
        Do(new ReceiveMessage(Id, channel, channelMessageId, text, attachments ?? [], Now.AddSeconds(-1), Now, inReplyTo, reply, type));
        return this;
    }

    public ConversationScript Route(string agent, string reason = "skill:billing", ChannelKind channel = ChannelKind.WhatsApp)
    {
        Do(new RouteInteraction(Id, channel, agent, reason, Now));
        return this;
    }

    public ConversationScript Send(string agent, string text, IReadOnlyList<Attachment>? attachments = null)
    {
        Do(new SendMessage(Id, agent, $"client-{Guid.NewGuid():N}", text, attachments ?? [], Now));
        return this;
    }

    public ConversationScript Notify(string agent, NotificationContent notification)
    {
        Do(new SendNotification(Id, agent, $"client-{Guid.NewGuid():N}", notification, Now));
        return this;
    }

    public ConversationScript Status(long messageNumber, DeliveryStatus status, string? channelMessageId = null, DeliveryError? error = null)
    {
        Do(new RecordDeliveryStatus(Id, messageNumber, status, channelMessageId, error, Now));
        return this;
    }

    public ConversationScript End(Party by, string? actor = null, string? reason = null)
    {
        Do(new EndSession(Id, by, actor, reason, Now));
        return this;
    }

    public ConversationScript Done(string agent)
    {
        Do(new MarkDone(Id, agent, Now));
        return this;
    }

    public ConversationScript Done(string agent, string? wrapUpCode, string? wrapUpNote)
    {
        Do(new MarkDone(Id, agent, Now, wrapUpCode, wrapUpNote));
        return this;
    }

    public ConversationScript Note(string agent, string text)
    {
        Do(new AddPrivateNote(Id, agent, $"note-{Guid.NewGuid():N}", text, Now));
        return this;
    }

    public ConversationScript Reactivate(string agent, ChannelKind? channel = null)
    {
        Do(new Reactivate(Id, agent, channel, Now));
        return this;
    }

    public ConversationScript Read(string agent, long upTo)
    {
        Do(new MarkRead(Id, agent, upTo, Now));
        return this;
    }

    public ConversationScript Unread(string agent)
    {
        Do(new MarkUnread(Id, agent, Now));
        return this;
    }

    public ConversationScript Timers()
    {
        Do(new CheckTimers(Id, Now));
        return this;
    }
}

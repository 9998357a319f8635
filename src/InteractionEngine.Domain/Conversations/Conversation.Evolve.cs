using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

public static partial class Conversation
{
    public static ConversationState Evolve(ConversationState state, IConversationEvent e)
    {
        if (e is IDirectoryEvent d) return state with { Directory = ContactEntry.Apply(state.Directory, d) };
        var next = EvolveInteractions(state, e);
        // Every step keeps the entry ("with" copies it); only the first interaction builds a new state, which takes it over here.
        return ReferenceEquals(next.Directory, state.Directory) ? next : next with { Directory = state.Directory };
    }

    private static ConversationState EvolveInteractions(ConversationState state, IConversationEvent e) => (state, e) switch
    {
        (None, InteractionOpened o) => RememberStart(new Started(o.ConversationId,
            new Interaction(o.Interaction, o.Channel, InteractionStatus.Queued, null, null, o.Address),
            LastMessageNumber: 0, LastInboundMessageNumber: 0, ReadUpTo: 0, LastInboundAt: null, LastActivityAt: o.At,
            IdleAlertRaised: false,
            BoundedMap<string, MessageRef>.Empty(IdempotencyMemory),
            BoundedMap<long, DeliveryStatus>.Empty(DeliveryStatusMemory)), o),
        (Started s, InteractionOpened o) => RememberStart(Active(s, o.At) with
        {
            Current = new Interaction(o.Interaction, o.Channel, InteractionStatus.Queued, null, null, o.Address),
        }, o),
        (Started s, InteractionRouted r) => Active(s, r.At) with
        {
            Current = s.Current with { Status = InteractionStatus.Active, AgentId = r.AgentId },
        },
        (Started s, MessageReceived m) => Active(s, m.At) with
        {
            LastMessageNumber = m.MessageNumber,
            // A reaction is not a message an agent reads: it never becomes the message "mark unread" reopens.
            LastInboundMessageNumber = IsReaction(m) ? s.LastInboundMessageNumber : m.MessageNumber,
            LastInboundAt = m.At,
            LastContactSentAt = LatestContactTime(s, m),
            ProcessedKeys = s.ProcessedKeys.Set(InboundKey(m.ChannelMessageId), new MessageRef(m.Interaction, m.MessageNumber)),
            MediaFetches = PendingMedia(s.MediaFetches, m),
        },
        (Started s, AttachmentStored a) => s with { MediaFetches = Fetches(s).Set(MediaKey(a.MessageNumber, a.Index), MediaFetchStatus.Stored) },
        (Started s, AttachmentFetchFailed f) when !f.Retryable => s with { MediaFetches = Fetches(s).Set(MediaKey(f.MessageNumber, f.Index), MediaFetchStatus.Failed) },
        (Started s, AttachmentFetchFailed) => s,
        (Started s, MessageSent m) => Outbound(s, m.ClientMessageId, m.Interaction, m.MessageNumber, m.At),
        (Started s, NotificationSent n) => Outbound(s, n.ClientMessageId, n.Interaction, n.MessageNumber, n.At),
        (Started s, DeliveryStatusChanged d) => RememberChannelId(s, d) with { OutboundStatus = s.OutboundStatus.Set(d.MessageNumber, d.Status) },
        (Started s, ChannelStateChanged c) => EvolveChannel(s, c),
        (Started s, ChannelValidationRequested v) => EvolveValidation(s, v),
        (Started s, SessionEnded) => s with { Current = s.Current with { Status = InteractionStatus.Ended } },
        (Started s, MarkedDone d) => s with { Current = s.Current with { Status = InteractionStatus.Done, DoneAt = d.At } },
        (Started s, Reactivated r) when r.NewInteraction => Active(s, r.At) with
        {
            // The next interaction on the same channel keeps the address the agent chose before.
            Current = new Interaction(r.Interaction, r.Channel, InteractionStatus.Active, r.ActorId, null,
                r.Channel == s.Current.Channel ? s.Current.Address : null),
        },
        (Started s, Reactivated r) => Active(s, r.At) with
        {
            // A contact reopening after Done keeps the agent who handled it.
            Current = s.Current with { Status = InteractionStatus.Active, DoneAt = null },
        },
        (Started s, MessagesRead r) => s with { ReadUpTo = r.UpToMessageNumber },
        (Started s, MarkedUnread u) => s with { ReadUpTo = u.ReadUpToMessageNumber },
        (Started s, IdleAlertRaised) => s with { IdleAlertRaised = true },
        // A note is internal: only its idempotency key is remembered (no activity, no message number, nothing unread).
        (Started s, PrivateNoteAdded n) => s with { ProcessedKeys = s.ProcessedKeys.Set(NoteKey(n.ClientMessageId), new MessageRef(n.Interaction, 0)) },
        _ => throw new InvalidOperationException($"{e.GetType().Name} cannot apply to {state.GetType().Name}"),
    };

    public static ConversationState Replay(IEnumerable<IConversationEvent> events) =>
        events.Aggregate((ConversationState)new None(), Evolve);

    private static Started RememberStart(Started s, InteractionOpened o) => o.ClientMessageId is { } clientId
        ? s with { ProcessedKeys = s.ProcessedKeys.Set(StartKey(clientId), new MessageRef(o.Interaction, 0)) }
        : s;

    /// <summary>The channel message type of a contact's reaction (WhatsApp's "reaction"): not counted as unread.</summary>
    public const string ReactionMessageType = "reaction";

    public static bool IsReaction(MessageReceived m) => m.ChannelMessageType == ReactionMessageType;

    private static Started Active(Started s, DateTimeOffset at) => s with { LastActivityAt = at, IdleAlertRaised = false };

    private static Started Outbound(Started s, string clientMessageId, int interaction, long number, DateTimeOffset at) => Active(s, at) with
    {
        LastMessageNumber = number,
        ProcessedKeys = s.ProcessedKeys.Set(OutboundKey(clientMessageId), new MessageRef(interaction, number)),
        OutboundStatus = s.OutboundStatus.Set(number, DeliveryStatus.Pending),
    };
}

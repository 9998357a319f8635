using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The line an event adds to the transcript (pure: the event, the head before it and its position).</summary>
internal static class TranscriptLineFactory
{
    /// <summary>The channel message type of reactions (WhatsApp's "reaction").</summary>
    public const string ReactionMessageType = Conversation.ReactionMessageType;

    public static TranscriptLine? Create(TranscriptHead head, long position, IConversationEvent e)
    {
        var id = e.ConversationId;
        var system = new Author(Party.System, null);
        return e switch
        {
            InteractionOpened o => Boundary(id, position, o.Interaction, TranscriptLineKind.InteractionOpened, o.Channel,
                Opener(id, o, system), o.At) with { Origin = o.Origin, AgentId = o.StartedBy, Address = o.Address },
            InteractionRouted r => Boundary(id, position, r.Interaction,
                r.PreviousAgentId is null ? TranscriptLineKind.Routed : TranscriptLineKind.Transferred, head.Channel, system, r.At) with
            {
                AgentId = r.AgentId,
                PreviousAgentId = r.PreviousAgentId,
                Reason = r.Reason,
            },
            SessionEnded s => Boundary(id, position, s.Interaction, TranscriptLineKind.SessionEnded, head.Channel, By(id, s.By, s.ActorId), s.At) with
            {
                Reason = s.Reason,
            },
            MarkedDone d => Boundary(id, position, d.Interaction, TranscriptLineKind.Done, head.Channel, new Author(Party.Agent, d.AgentId), d.At) with
            {
                AgentId = d.AgentId,
                WrapUpCode = d.WrapUpCode,
                WrapUpLabel = d.WrapUpLabel,
                WrapUpNote = d.WrapUpNote,
            },
            // A private note is keyed by position like a boundary (it has no message number: nothing to deliver or read).
            PrivateNoteAdded n => Boundary(id, position, n.Interaction, TranscriptLineKind.Note, head.Channel, new Author(Party.Agent, n.AgentId), n.At) with
            {
                AgentId = n.AgentId,
                ClientMessageId = n.ClientMessageId,
                Text = n.Text,
                Internal = true,
                SearchText = SearchTexts.Of(n.Text, [], null, null),
            },
            Reactivated r => Boundary(id, position, r.Interaction, TranscriptLineKind.Reactivated, r.Channel, By(id, r.By, r.ActorId), r.At) with
            {
                PreviousInteraction = r.PreviousInteraction,
                NewInteraction = r.NewInteraction,
                AgentId = r.By == Party.Agent ? r.ActorId : null,
            },
            IdleAlertRaised a => Boundary(id, position, a.Interaction, TranscriptLineKind.IdleAlert, head.Channel, system, a.At) with
            {
                IdleSince = a.IdleSince,
            },
            // A reaction arrives as a message of the channel's type "reaction" whose text is the emoji (none: removed) and
            // whose InReplyTo is the reacted message: its own kind, so it is shown on that message, not as text.
            MessageReceived { ChannelMessageType: ReactionMessageType } r => Message(id, position, r.Interaction, r.MessageNumber,
                TranscriptLineKind.Reaction, r.Channel, MessageDirection.Inbound, new Author(Party.Contact, id.Contact), r.At) with
            {
                ChannelMessageId = r.ChannelMessageId,
                SentAt = r.SentAt,
                ChannelMessageType = r.ChannelMessageType,
                InReplyTo = r.InReplyTo,
                Reaction = new Reaction(string.IsNullOrEmpty(r.Text) ? null : r.Text),
            },
            MessageReceived m => Message(id, position, m.Interaction, m.MessageNumber, TranscriptLineKind.Message, m.Channel,
                MessageDirection.Inbound, new Author(Party.Contact, id.Contact), m.At) with
            {
                ChannelMessageId = m.ChannelMessageId,
                Text = m.Text,
                Attachments = m.Attachments,
                SentAt = m.SentAt,
                ChannelMessageType = m.ChannelMessageType,
                ButtonReply = m.ButtonReply,
                InReplyTo = m.InReplyTo,
                SearchText = SearchTexts.Of(m.Text, m.Attachments, m.ButtonReply, null, m.Shared),
                AttachmentFetches = PendingFetches(m.Attachments),
                Shared = m.Shared,
            },
            MessageSent s => Message(id, position, s.Interaction, s.MessageNumber, TranscriptLineKind.Message, s.Channel,
                MessageDirection.Outbound, new Author(Party.Agent, s.AgentId), s.At) with
            {
                ClientMessageId = s.ClientMessageId,
                Text = s.Text,
                Attachments = s.Attachments,
                Delivery = new Delivery(DeliveryStatus.Pending, s.At),
                SearchText = SearchTexts.Of(s.Text, s.Attachments, null, null),
            },
            NotificationSent n => Message(id, position, n.Interaction, n.MessageNumber, TranscriptLineKind.Notification, n.Channel,
                MessageDirection.Outbound, new Author(Party.Agent, n.AgentId), n.At) with
            {
                ClientMessageId = n.ClientMessageId,
                Text = n.Notification.Body,
                Attachments = n.Notification.HeaderImage is { } image ? [image] : [],
                Notification = n.Notification,
                Delivery = new Delivery(DeliveryStatus.Pending, n.At),
                SearchText = SearchTexts.Of(null, [], null, n.Notification),
            },
            // Read positions and delivery statuses change state, not the sequence of lines.
            _ => null,
        };
    }

    /// <summary>The line with its delivery status moved to what the channel reported.</summary>
    public static TranscriptLine WithDelivery(TranscriptLine line, DeliveryStatusChanged d) => line with
    {
        Delivery = new Delivery(d.Status, d.At, d.ChannelMessageId ?? line.Delivery?.ChannelMessageId, d.Error),
        ChannelMessageId = line.ChannelMessageId ?? d.ChannelMessageId,
    };

    /// <summary>Who opened the interaction: the contact writing, the agent who started it from the directory, or the system (routing).</summary>
    private static Author Opener(ConversationId id, InteractionOpened o, Author system) =>
        o.Origin == InteractionOrigin.Inbound ? new Author(Party.Contact, id.Contact)
        : o.StartedBy is { } agent ? new Author(Party.Agent, agent)
        : system;

    /// <summary>The line with the outcome of fetching one of its channel-held attachments.</summary>
    public static TranscriptLine WithFetch(TranscriptLine line, IConversationEvent outcome)
    {
        var (index, fetch, stored) = outcome switch
        {
            AttachmentStored s => (s.Index, new AttachmentFetch(s.Index, s.ChannelReference, MediaFetchStatus.Stored, null, s.Attempt, false, s.At), s.Stored),
            AttachmentFetchFailed f => (f.Index, new AttachmentFetch(f.Index, f.ChannelReference,
                f.Retryable ? MediaFetchStatus.Pending : MediaFetchStatus.Failed, f.Reason, f.Attempt, f.Retryable, f.At), (Attachment?)null),
            _ => throw new ArgumentException($"{outcome.GetType().Name} is not a fetch outcome", nameof(outcome)),
        };
        var fetches = (line.AttachmentFetches ?? []).Where(x => x.Index != index).Append(fetch).OrderBy(x => x.Index).ToList();
        var attachments = stored is not null && index < line.Attachments.Count
            ? line.Attachments.Select((a, i) => i == index ? stored : a).ToList()
            : line.Attachments;
        return line with { AttachmentFetches = fetches, Attachments = attachments };
    }

    private static IReadOnlyList<AttachmentFetch>? PendingFetches(IReadOnlyList<Attachment> attachments)
    {
        var pending = attachments.Select((a, i) => (a, i)).Where(x => CommandValidation.IsChannelHeld(x.a.Reference))
            .Select(x => new AttachmentFetch(x.i, x.a.Reference, MediaFetchStatus.Pending)).ToList();
        return pending.Count == 0 ? null : pending;
    }

    private static Author By(ConversationId id, Party party, string? actorId) =>
        new(party, actorId ?? (party == Party.Contact ? id.Contact : null));

    private static TranscriptLine Boundary(ConversationId id, long position, int interaction, TranscriptLineKind kind,
        ChannelKind channel, Author author, DateTimeOffset at) =>
        Line(id, TranscriptLineIds.Event(id.Value, position), position, interaction, kind, channel, null, author, at);

    private static TranscriptLine Message(ConversationId id, long position, int interaction, long messageNumber, TranscriptLineKind kind,
        ChannelKind channel, MessageDirection direction, Author author, DateTimeOffset at) =>
        Line(id, TranscriptLineIds.Message(id.Value, messageNumber), position, interaction, kind, channel, direction, author, at) with
        {
            MessageNumber = messageNumber,
        };

    private static TranscriptLine Line(ConversationId id, string lineId, long position, int interaction, TranscriptLineKind kind,
        ChannelKind channel, MessageDirection? direction, Author author, DateTimeOffset at) => new()
    {
        Id = lineId,
        Tenant = id.Tenant,
        Contact = id.Contact,
        ConversationId = id.Value,
        Position = position,
        Interaction = interaction,
        Kind = kind,
        Channel = channel,
        Media = channel.MediaType(),
        Direction = direction,
        Author = author,
        At = at,
    };
}

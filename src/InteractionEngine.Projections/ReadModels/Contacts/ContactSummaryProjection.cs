using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>Contact list row and unread counts, one document per conversation stream.</summary>
public sealed class ContactSummaryProjection : ConversationDocumentProjection<ContactSummary>
{
    public const string ProjectionName = "ContactSummary";

    private protected override BulkDocumentUpsert<ContactSummary> Writer => ContactSummaryTable.Definition.Writer;

    protected override ContactSummary? Evolve(ContactSummary? snapshot, string id, IConversationEvent e) => (snapshot, e) switch
    {
        (_, InteractionOpened o) => Touch(Uses(snapshot ?? New(o), o.Channel), o.At) with
        {
            Interaction = o.Interaction,
            Status = InteractionStatus.Queued,
            AgentId = null,
            Channel = o.Channel,
        },
        (_, IDirectoryEvent) => snapshot, // the directory entry is its own read model (ContactProfile)
        (_, IAgentEvent) => snapshot, // an agent's stream is no contact (AgentStatus)
        (null, _) => throw new InvalidOperationException(
            $"Stream {id} starts with {e.GetType().Name}; a conversation stream must start with {nameof(InteractionOpened)}"),
        (not null, InteractionRouted r) => Touch(snapshot, r.At) with { Status = InteractionStatus.Active, AgentId = r.AgentId },
        // A reaction is shown on the message it reacts to (the transcript): it is not unread, not the preview, and does not
        // move the contact up the list.
        (not null, MessageReceived m) when Conversation.IsReaction(m) => Wrote(Uses(snapshot, m.Channel), m),
        (not null, MessageReceived m) => Recount(Touch(Wrote(Uses(snapshot, m.Channel), m), m.At) with
        {
            LastMessage = new MessagePreview(m.MessageNumber, MessageDirection.Inbound, new Author(Party.Contact, snapshot.Contact), m.Channel,
                PreviewText.Of(m.Text ?? m.ButtonReply?.Text, m.Attachments), m.At, null),
            LastInboundMessageNumber = Math.Max(snapshot.LastInboundMessageNumber, m.MessageNumber),
            InboundRuns = InboundRuns.Add(snapshot.InboundRuns, m.MessageNumber),
            ProfileName = m.ProfileName ?? snapshot.ProfileName,
        }),
        (not null, MessageSent s) => Touch(Uses(snapshot, s.Channel), s.At) with
        {
            LastMessage = new MessagePreview(s.MessageNumber, MessageDirection.Outbound, new Author(Party.Agent, s.AgentId), s.Channel,
                PreviewText.Of(s.Text, s.Attachments), s.At, DeliveryStatus.Pending),
        },
        (not null, NotificationSent n) => Touch(Uses(snapshot, n.Channel), n.At) with
        {
            LastMessage = new MessagePreview(n.MessageNumber, MessageDirection.Outbound, new Author(Party.Agent, n.AgentId), n.Channel,
                PreviewText.Of(n.Notification.Body, []), n.At, DeliveryStatus.Pending),
        },
        (not null, DeliveryStatusChanged d) => snapshot.LastMessage?.MessageNumber == d.MessageNumber
            ? snapshot with { LastMessage = snapshot.LastMessage with { Delivery = d.Status } }
            : snapshot,
        (not null, SessionEnded s) => Touch(snapshot, s.At) with { Status = InteractionStatus.Ended },
        (not null, MarkedDone d) => Touch(snapshot, d.At) with
        {
            Status = InteractionStatus.Done,
            LastWrapUp = d.WrapUpCode is null && d.WrapUpNote is null ? null
                : new WrapUpSummary(d.Interaction, d.AgentId, d.WrapUpCode, d.WrapUpLabel, d.WrapUpNote, d.At),
        },
        // A private note is internal: not unread, not the preview, and it does not move the contact up the list.
        (not null, PrivateNoteAdded) => snapshot,
        (not null, Reactivated r) when r.NewInteraction => Touch(Uses(snapshot, r.Channel), r.At) with
        {
            Interaction = r.Interaction,
            Status = InteractionStatus.Active,
            AgentId = r.ActorId,
            Channel = r.Channel,
        },
        // Continuing the same interaction keeps its agent, as the conversation itself does.
        (not null, Reactivated r) => Touch(snapshot, r.At) with { Status = InteractionStatus.Active },
        (not null, MessagesRead r) => Recount(snapshot with { ReadUpTo = r.UpToMessageNumber }),
        (not null, MarkedUnread u) => Recount(snapshot with { ReadUpTo = u.ReadUpToMessageNumber }),
        _ => snapshot,
    };

    private static ContactSummary New(InteractionOpened o) => new()
    {
        Id = o.ConversationId.Value,
        Tenant = o.ConversationId.Tenant,
        Contact = o.ConversationId.Contact,
        Interaction = o.Interaction,
        Status = InteractionStatus.Queued,
        Channel = o.Channel,
        LastActivityAt = o.At,
    };

    // Event times come from the edge and may step back slightly between nodes; the list order must not.
    private static ContactSummary Touch(ContactSummary s, DateTimeOffset at) =>
        at > s.LastActivityAt ? s with { LastActivityAt = at } : s;

    private static ContactSummary Uses(ContactSummary s, ChannelKind channel)
    {
        if (s.Channels.Contains(channel)) return s;
        var channels = s.Channels.Append(channel).Order().ToArray();
        return s with
        {
            Channels = channels,
            UsesChat = channels.Any(c => c.MediaType() == MediaType.Chat),
            UsesOpenMedia = channels.Any(c => c.MediaType() == MediaType.OpenMedia),
        };
    }

    // Every WhatsApp message counts (reactions too), as for the domain's 24-hour window; the latest channel time wins, so
    // a late redelivery of an old message moves neither the time nor the sender back.
    private static ContactSummary Wrote(ContactSummary s, MessageReceived m)
    {
        if (m.Channel != ChannelKind.WhatsApp) return s;
        if (s.WhatsApp is { } seen && seen.LastWroteAt > m.SentAt)
            return s with { WhatsApp = seen with { From = seen.From ?? m.From, ProfileName = seen.ProfileName ?? m.ProfileName } };
        return s with { WhatsApp = new ContactWhatsApp(m.From ?? s.WhatsApp?.From, m.ProfileName ?? s.WhatsApp?.ProfileName, m.SentAt) };
    }

    private static ContactSummary Recount(ContactSummary s)
    {
        var unread = InboundRuns.UnreadAbove(s.InboundRuns, s.ReadUpTo);
        return s with { UnreadCount = unread, HasUnread = unread > 0, InboundRuns = InboundRuns.Prune(s.InboundRuns, s.ReadUpTo) };
    }
}

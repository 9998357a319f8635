using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// One <see cref="InteractionKpi"/> per interaction. Interactions are not streams, so documents are keyed by
/// (conversation, interaction number); per-agent figures are queries over these documents. Runs in the async daemon.
/// </summary>
public sealed class InteractionKpiProjection : ConversationDocumentProjection<InteractionKpi>
{
    public const string ProjectionName = "InteractionKpi";

    private protected override BulkDocumentUpsert<InteractionKpi> Writer => InteractionKpiTable.Definition.Writer;

    protected override string? DocumentIdOf(string stream, IConversationEvent e) => e switch
    {
        InteractionOpened o => InteractionKpi.IdFor(o.ConversationId, o.Interaction),
        InteractionRouted r => InteractionKpi.IdFor(r.ConversationId, r.Interaction),
        MessageReceived m => InteractionKpi.IdFor(m.ConversationId, m.Interaction),
        MessageSent s => InteractionKpi.IdFor(s.ConversationId, s.Interaction),
        NotificationSent n => InteractionKpi.IdFor(n.ConversationId, n.Interaction),
        SessionEnded s => InteractionKpi.IdFor(s.ConversationId, s.Interaction),
        MarkedDone d => InteractionKpi.IdFor(d.ConversationId, d.Interaction),
        Reactivated r => InteractionKpi.IdFor(r.ConversationId, r.Interaction),
        IdleAlertRaised a => InteractionKpi.IdFor(a.ConversationId, a.Interaction),
        // Reads and delivery statuses change no interaction figure.
        _ => null,
    };

    protected override InteractionKpi? Evolve(InteractionKpi? snapshot, string id, IConversationEvent e) => (snapshot, e) switch
    {
        (_, InteractionOpened o) => New(id, o.ConversationId, o.Interaction, o.Channel, o.Origin, o.At),
        // An interaction's first event starts its document afresh, so a rebuild over stale documents ends where live did.
        (_, Reactivated r) when r.NewInteraction => Route(
            New(id, r.ConversationId, r.Interaction, r.Channel, InteractionOrigin.Outbound, r.At) with { StartedByReactivation = true },
            r.ActorId, isTransfer: false, r.At),
        (null, _) => null, // the interaction's opening event went elsewhere; the domain never does this
        (not null, InteractionRouted r) => Route(snapshot, r.AgentId, r.PreviousAgentId is not null, r.At),
        (not null, Reactivated r) => StartSession(snapshot, r.At) with
        {
            Status = InteractionStatus.Active,
            Reactivations = snapshot.Reactivations + 1,
            // Reopened after Done: it is not done any more, so it is not credited until the next Done.
            DoneAt = null,
            DoneBy = null,
            HandleSeconds = null,
        },
        (not null, MessageReceived m) => snapshot with
        {
            InboundMessages = snapshot.InboundMessages + 1,
            ResponseClockStartedAt = snapshot.ResponseClockStartedAt
                ?? (snapshot.RoutedAt is not null && snapshot.FirstResponseAt is null ? m.At : null),
            InboundWaiting = snapshot.InboundWaiting || snapshot.RoutedAt is null,
        },
        (not null, MessageSent s) => Responded(snapshot, s.At),
        (not null, NotificationSent n) => Responded(snapshot, n.At),
        (not null, SessionEnded s) => EndSession(snapshot, s.At) with { Status = InteractionStatus.Ended, EndedAt = s.At, EndedBy = s.By },
        (not null, MarkedDone d) => EndSession(snapshot, d.At) with
        {
            Status = InteractionStatus.Done,
            DoneAt = d.At,
            DoneBy = d.AgentId,
            HandleSeconds = snapshot.RoutedAt is { } routed ? Seconds(routed, d.At) : null,
        },
        (not null, IdleAlertRaised) => snapshot with { IdleAlerts = snapshot.IdleAlerts + 1 },
        _ => snapshot,
    };

    private static InteractionKpi New(string id, ConversationId conversation, int interaction, ChannelKind channel,
        InteractionOrigin origin, DateTimeOffset at) => new()
    {
        Id = id,
        Tenant = conversation.Tenant,
        Contact = conversation.Contact,
        ConversationId = conversation.Value,
        Interaction = interaction,
        Channel = channel,
        Media = channel.MediaType(),
        Origin = origin,
        Status = InteractionStatus.Queued,
        OpenedAt = at,
    };

    private static InteractionKpi Route(InteractionKpi k, string? agentId, bool isTransfer, DateTimeOffset at) => StartSession(k, at) with
    {
        Status = InteractionStatus.Active,
        AgentId = agentId,
        Agents = agentId is null || k.Agents.Contains(agentId) ? k.Agents : [.. k.Agents, agentId],
        Transfers = k.Transfers + (isTransfer ? 1 : 0),
        RoutedAt = k.RoutedAt ?? at,
        // A contact who wrote before anyone was routed has been waiting since the routing.
        ResponseClockStartedAt = k.ResponseClockStartedAt ?? (k.InboundWaiting && k.FirstResponseAt is null ? at : null),
    };

    private static InteractionKpi Responded(InteractionKpi k, DateTimeOffset at) => k with
    {
        OutboundMessages = k.OutboundMessages + 1,
        FirstResponseAt = k.FirstResponseAt ?? (k.ResponseClockStartedAt is not null ? at : null),
        FirstResponseSeconds = k.FirstResponseSeconds ?? (k.ResponseClockStartedAt is { } started ? Seconds(started, at) : null),
    };

    private static InteractionKpi StartSession(InteractionKpi k, DateTimeOffset at) =>
        k.SessionStartedAt is null ? k with { SessionStartedAt = at } : k;

    private static InteractionKpi EndSession(InteractionKpi k, DateTimeOffset at) => k.SessionStartedAt is { } started
        ? k with { SessionStartedAt = null, Sessions = k.Sessions + 1, SessionSeconds = k.SessionSeconds + Seconds(started, at) }
        : k;

    // Event times may step back slightly between nodes; a negative duration would only be noise.
    private static double Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalSeconds);
}

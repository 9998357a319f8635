using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Measures of one interaction (id = "tenant:contact/number"). Durations are seconds so SQL can average them;
/// all of them come from event times, never from a clock.
/// <list type="bullet">
/// <item>Handle time: first routing (or the reactivation that started it) to Done; cleared when a Done interaction is reopened.</item>
/// <item>Time in session: routed or reactivated until the session ended, summed over sessions; an open session is in <see cref="SessionStartedAt"/>.</item>
/// <item>First response: from the first inbound message the agent could answer (received after routing, or the routing itself
/// when the contact was already waiting) to the agent's first message after it. Agent messages before any inbound do not count.</item>
/// </list>
/// </summary>
public sealed record InteractionKpi
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required string Contact { get; init; }
    public required string ConversationId { get; init; }
    public required int Interaction { get; init; }
    public required ChannelKind Channel { get; init; }
    public required MediaType Media { get; init; }

    /// <summary>Inbound (the contact wrote) or outbound (routing layer or an agent's reactivation after Done).</summary>
    public required InteractionOrigin Origin { get; init; }

    public bool StartedByReactivation { get; init; }
    public required InteractionStatus Status { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>The agent it is routed to now (after transfers).</summary>
    public string? AgentId { get; init; }

    public IReadOnlyList<string> Agents { get; init; } = [];
    public int Transfers { get; init; }
    public DateTimeOffset? RoutedAt { get; init; }

    public DateTimeOffset? SessionStartedAt { get; init; }
    public int Sessions { get; init; }
    public double SessionSeconds { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public Party? EndedBy { get; init; }

    public DateTimeOffset? DoneAt { get; init; }

    /// <summary>The agent who marked it Done: the one its handle time is credited to.</summary>
    public string? DoneBy { get; init; }

    public double? HandleSeconds { get; init; }

    public bool InboundWaiting { get; init; }
    public DateTimeOffset? ResponseClockStartedAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public double? FirstResponseSeconds { get; init; }

    public int InboundMessages { get; init; }
    public int OutboundMessages { get; init; }
    public int Reactivations { get; init; }
    public int IdleAlerts { get; init; }

    public static string IdFor(ConversationId conversation, int interaction) => $"{conversation.Value}/{interaction}";
}

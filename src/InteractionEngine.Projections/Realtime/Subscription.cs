using InteractionEngine.Domain.Agents;

namespace InteractionEngine.Projections.Realtime;

public enum SubscriptionKind
{
    /// <summary>Every change of one contact's conversation (its transcript).</summary>
    Transcript,
    /// <summary>Every change of the tenant's conversations (contact list and unread counts).</summary>
    ContactList,
    /// <summary>Changes that move interactions between agents or in and out of Done (agent workload).</summary>
    Workload,
    /// <summary>Agent state changes and the changes that move interactions between agents (state, slots, free slots).</summary>
    Agents,
    /// <summary>Changes that put interactions in or take them out of the queue.</summary>
    Queue,
}

public sealed record Subscription(SubscriptionKind Kind, string Tenant, string? ConversationId)
{
    private static readonly HashSet<string> WorkloadEvents =
        ["InteractionOpened/1", "InteractionRouted/1", "SessionEnded/1", "MarkedDone/1", "Reactivated/1"];

    public string Key => $"{Kind}:{ConversationId ?? Tenant}";

    public bool Matches(RealtimeChange change) => Kind switch
    {
        SubscriptionKind.Transcript => change.ConversationId == ConversationId,
        SubscriptionKind.ContactList => change.Tenant == Tenant && AgentKey.FromStream(change.ConversationId) is null,
        SubscriptionKind.Agents => change.Tenant == Tenant && (AgentKey.FromStream(change.ConversationId) is not null || WorkloadEvents.Contains(change.EventType)),
        _ => change.Tenant == Tenant && WorkloadEvents.Contains(change.EventType),
    };
}

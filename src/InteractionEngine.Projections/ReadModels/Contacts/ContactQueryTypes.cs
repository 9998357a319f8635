using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>Keyset position in the contact list (newest activity first).</summary>
public sealed record ContactCursor(DateTimeOffset LastActivityAt, string ConversationId);

/// <summary>Filters of the Communication tab; a contact matches a media or channel filter if it ever used it.</summary>
public sealed record ContactListRequest(
    int PageSize = 50,
    ContactCursor? After = null,
    MediaType? Media = null,
    ChannelKind? Channel = null,
    bool? HasUnread = null,
    string? AgentId = null);

public sealed record ContactPage(IReadOnlyList<ContactSummary> Contacts, ContactCursor? Next);

public sealed record AgentUnread(string AgentId, int Messages, int Contacts);

/// <summary>Unread inbound messages of a tenant, and how many contacts have any; per agent of the current interaction.</summary>
public sealed record UnreadTotals(int Messages, int Contacts, IReadOnlyList<AgentUnread> Agents);

/// <summary>Open (not Done) interactions of one agent: live sessions and ended ones not yet marked Done.</summary>
public sealed record AgentWorkload(string AgentId, int Open, int Active, int Ended);

/// <summary>What the routing layer needs: interactions waiting for an agent and each agent's open ones.</summary>
public sealed record Workload(int Queued, IReadOnlyList<AgentWorkload> Agents);

using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Queries;

public enum SortOrder
{
    NewestFirst,
    OldestFirst,
}

/// <summary>
/// A page of a contact's transcript. <paramref name="Cursor"/> is the position of the last line already seen
/// (exclusive); the page continues from there in <paramref name="Order"/>. <paramref name="Media"/> and
/// <paramref name="Channel"/> narrow it to CHAT or OPEN MEDIA, or one channel (boundary lines count as their
/// interaction's channel).
/// </summary>
public sealed record TranscriptRequest(
    int PageSize = 50,
    long? Cursor = null,
    SortOrder Order = SortOrder.NewestFirst,
    MediaType? Media = null,
    ChannelKind? Channel = null);

/// <summary>Lines in the requested order; <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record TranscriptPage(IReadOnlyList<TranscriptLine> Lines, long? NextCursor);

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

/// <summary>Interactions an agent marked Done in a period, and their averages.</summary>
public sealed record AgentKpis(
    string AgentId,
    int Interactions,
    TimeSpan? AverageHandleTime,
    TimeSpan? AverageFirstResponse,
    TimeSpan AverageTimeInSession,
    int InboundMessages,
    int OutboundMessages);

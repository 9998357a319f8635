using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InteractionEngine.Host.Conversations;

/// <summary>The Communication tab's page of contacts; <paramref name="Next"/> is the cursor of the next page (null on the last).</summary>
public sealed record ContactListPage(IReadOnlyList<ContactSummary> Contacts, string? Next);

/// <summary>The contact list's query string (the Communication tab's filters and paging).</summary>
public sealed record ContactListQuery(
    [FromQuery(Name = "media")] MediaType? Media,
    [FromQuery(Name = "channel")] ChannelKind? Channel,
    [FromQuery(Name = "hasUnread")] bool? HasUnread,
    [FromQuery(Name = "agentId")] string? AgentId,
    [FromQuery(Name = "pageSize")] int? PageSize,
    [FromQuery(Name = "after")] string? After)
{
    /// <summary>The request for the read side, or the problem with the query string (a page size out of range, a cursor this API did not give out).</summary>
    public (ContactListRequest? Request, string? Problem) ToRequest() =>
        Paging.PageSizeProblem(PageSize) is { } problem ? (null, problem)
        : After is null ? (new ContactListRequest(PageSize ?? 50, null, Media, Channel, HasUnread, AgentId), null)
        : ContactCursorText.TryParse(After) is { } cursor ? (new ContactListRequest(PageSize ?? 50, cursor, Media, Channel, HasUnread, AgentId), null)
        : (null, "'after' is not a cursor from a previous page");
}

/// <summary>Paging parameters out of range are refused (400), never silently clamped: a client asking for 10,000 rows must learn it gets at most 500.</summary>
public static class Paging
{
    public static string? PageSizeProblem(int? pageSize) =>
        pageSize is < 1 or > ConversationQueries.MaxPageSize ? $"'pageSize' must be between 1 and {ConversationQueries.MaxPageSize}" : null;
}

/// <summary>A transcript page's query string.</summary>
public sealed record TranscriptQuery(
    [FromQuery(Name = "pageSize")] int? PageSize,
    [FromQuery(Name = "cursor")] long? Cursor,
    [FromQuery(Name = "order")] SortOrder? Order,
    [FromQuery(Name = "media")] MediaType? Media,
    [FromQuery(Name = "channel")] ChannelKind? Channel)
{
    public TranscriptRequest ToRequest(SortOrder defaultOrder) => new(PageSize ?? 50, Cursor, Order ?? defaultOrder, Media, Channel);

    public string? Problem() =>
        Paging.PageSizeProblem(PageSize) ?? (Cursor < 0 ? "'cursor' must be a position from a previous page (not negative)" : null);
}

/// <summary>
/// A page of search hits, best first. <paramref name="Total"/> counts the matches up to <paramref name="TotalLimit"/>;
/// <paramref name="TotalCapped"/> true means there are more than that (paging still reaches them all).
/// <paramref name="Next"/> is the cursor of the next page (null on the last).
/// </summary>
public sealed record SearchResultPage(IReadOnlyList<SearchHit> Hits, int Total, bool TotalCapped, int TotalLimit, string? Next);

/// <summary>A search's query string: the words, filters and paging.</summary>
public sealed record SearchQuery(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "media")] MediaType? Media,
    [FromQuery(Name = "channel")] ChannelKind? Channel,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "after")] string? After)
{
    /// <summary>The request for the read side, or the problem with the query string.</summary>
    public (SearchRequest? Request, string? Problem) ToRequest(string? contact)
    {
        if (string.IsNullOrWhiteSpace(Q)) return (null, "'q' is required");
        if (Limit is < 1 or > ConversationQueries.MaxSearchResults)
            return (null, $"'limit' must be between 1 and {ConversationQueries.MaxSearchResults}");
        SearchCursor? after = null;
        if (After is not null && (after = SearchCursorText.TryParse(After)) is null) return (null, "'after' is not a cursor from a previous page");
        return (new SearchRequest(Q, contact, Limit ?? 20, Media, Channel, after), null);
    }
}

/// <summary>What agent UIs and the routing layer read: transcripts, search, the contact list, unread counts, workload.</summary>
public static class ConversationQueryEndpoints
{
    public static void MapConversationQueries(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1").WithTags("Queries").RequireApiKey(Policies.Read).WaitsForReadPosition();
        tenant.MapGet("/contacts", ListContacts).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The Communication tab: contacts by last activity with preview, unread count, interaction state and channels");
        tenant.MapGet("/search", SearchTenant).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("Keyword search across the tenant's conversations");
        tenant.MapGet("/unread", UnreadTotals).WithSummary("Unread inbound messages of the tenant, and per agent");
        tenant.MapGet("/agents/{agentId}/unread", AgentUnread).WithSummary("Unread inbound messages of one agent's current interactions");
        tenant.MapGet("/workload", Workload).WithSummary("Queued interactions and open interactions per agent, for routing");

        var contact = app.MapGroup("/api/v1/contacts/{contact}").WithTags("Queries").RequireApiKey(Policies.Read).WaitsForReadPosition();
        contact.MapGet("/summary", Summary).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("One contact's conversation summary");
        contact.MapGet("/transcript", Transcript).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Every interaction with the contact across channels as one transcript, paged by cursor");
        contact.MapGet("/transcript/search", SearchContact).ProducesProblems(StatusCodes.Status400BadRequest).WithSummary("Keyword search in one contact's transcript (ranked, highlighted snippets)");
    }

    private static async Task<Results<Ok<ContactListPage>, ProblemHttpResult>> ListContacts(
        [AsParameters] ContactListQuery query, ConversationQueries queries, HttpContext http)
    {
        var (request, problem) = query.ToRequest();
        if (request is null) return ReplyResults.Invalid(problem!);
        var page = await queries.ContactsAsync(Caller.From(http.User).Tenant, request, http.RequestAborted);
        return TypedResults.Ok(new ContactListPage(page.Contacts, page.Next is null ? null : ContactCursorText.Format(page.Next)));
    }

    private static async Task<Results<Ok<ContactSummary>, ProblemHttpResult>> Summary(
        ContactConversation conversation, ConversationQueries queries, CancellationToken ct) =>
        await queries.ContactAsync(conversation.Tenant, conversation.Contact, ct) is { } summary ? TypedResults.Ok(summary) : UnknownContact(conversation);

    private static async Task<Results<Ok<TranscriptPage>, ProblemHttpResult>> Transcript(
        ContactConversation conversation, [AsParameters] TranscriptQuery query, ConversationQueries queries, CancellationToken ct)
    {
        if (query.Problem() is { } problem) return ReplyResults.Invalid(problem);
        if (await queries.ContactAsync(conversation.Tenant, conversation.Contact, ct) is null) return UnknownContact(conversation);
        return TypedResults.Ok(await queries.TranscriptAsync(conversation.Tenant, conversation.Contact, query.ToRequest(SortOrder.NewestFirst), ct));
    }

    private static Task<Results<Ok<SearchResultPage>, ProblemHttpResult>> SearchContact(
        ContactConversation conversation, [AsParameters] SearchQuery query, ConversationQueries queries, CancellationToken ct) =>
        Search(conversation.Tenant, conversation.Contact, query, queries, ct);

    private static Task<Results<Ok<SearchResultPage>, ProblemHttpResult>> SearchTenant(
        [AsParameters] SearchQuery query, ConversationQueries queries, HttpContext http) =>
        Search(Caller.From(http.User).Tenant, null, query, queries, http.RequestAborted);

    private static async Task<Results<Ok<SearchResultPage>, ProblemHttpResult>> Search(
        string tenant, string? contact, SearchQuery query, ConversationQueries queries, CancellationToken ct)
    {
        var (request, problem) = query.ToRequest(contact);
        if (request is null) return ReplyResults.Invalid(problem!);
        var page = await queries.SearchAsync(tenant, request, ct);
        return TypedResults.Ok(new SearchResultPage(page.Hits, page.Total, page.TotalCapped, page.TotalLimit,
            page.Next is null ? null : SearchCursorText.Format(page.Next)));
    }

    private static async Task<Ok<UnreadTotals>> UnreadTotals(ConversationQueries queries, HttpContext http) =>
        TypedResults.Ok(await queries.UnreadTotalsAsync(Caller.From(http.User).Tenant, http.RequestAborted));

    private static async Task<Ok<AgentUnread>> AgentUnread(string agentId, ConversationQueries queries, HttpContext http) =>
        TypedResults.Ok(await queries.UnreadForAgentAsync(Caller.From(http.User).Tenant, agentId, http.RequestAborted));

    private static async Task<Ok<Workload>> Workload(ConversationQueries queries, HttpContext http) =>
        TypedResults.Ok(await queries.WorkloadAsync(Caller.From(http.User).Tenant, http.RequestAborted));

    internal static ProblemHttpResult UnknownContact(ContactConversation conversation) =>
        ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", $"no conversation with '{conversation.Contact}' in this tenant");
}

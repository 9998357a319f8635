using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Host.Conversations;

/// <summary>What agent UIs and the routing layer read: transcripts, search, the contact list, unread counts, workload.</summary>
public static class QueryEndpoints
{
    public static void MapConversationQueries(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").WithTags("Queries").RequireAuthorization(Policies.Read);

        read.MapGet("/contacts", async (HttpContext http, ConversationQueries queries, MediaType? media, ChannelKind? channel,
            bool? hasUnread, string? agentId, int? pageSize, string? after) =>
        {
            if (after is not null && ContactCursorText.TryParse(after) is null) return ReplyResults.Invalid("'after' is not a cursor from a previous page");
            var page = await queries.ContactsAsync(Tenant(http), new ContactListRequest(pageSize ?? 50,
                after is null ? null : ContactCursorText.TryParse(after), media, channel, hasUnread, agentId), http.RequestAborted);
            return TypedResults.Ok(new { page.Contacts, next = page.Next is null ? null : ContactCursorText.Format(page.Next) });
        }).WithSummary("The Communication tab: contacts by last activity with preview, unread count, interaction state and channels");

        read.MapGet("/contacts/{contact}/summary", async (string contact, HttpContext http, ConversationQueries queries) =>
            ValidContact(contact) ?? (await queries.ContactAsync(Tenant(http), contact, http.RequestAborted) is { } summary
                ? TypedResults.Ok(summary)
                : NotFound(contact)))
            .WithSummary("One contact's conversation summary");

        read.MapGet("/contacts/{contact}/transcript", async (string contact, HttpContext http, ConversationQueries queries,
            int? pageSize, long? cursor, SortOrder? order, MediaType? media, ChannelKind? channel) =>
        {
            if (ValidContact(contact) is { } invalid) return invalid;
            var tenant = Tenant(http);
            if (await queries.ContactAsync(tenant, contact, http.RequestAborted) is null) return NotFound(contact);
            return TypedResults.Ok(await queries.TranscriptAsync(tenant, contact,
                new TranscriptRequest(pageSize ?? 50, cursor, order ?? SortOrder.NewestFirst, media, channel), http.RequestAborted));
        }).WithSummary("Every interaction with the contact across channels as one transcript, paged by cursor");

        read.MapGet("/contacts/{contact}/transcript/search", async (string contact, string? q, HttpContext http, ConversationQueries queries,
            MediaType? media, ChannelKind? channel, int? limit) =>
            ValidContact(contact) ?? (string.IsNullOrWhiteSpace(q) ? ReplyResults.Invalid("'q' is required")
                : TypedResults.Ok(await queries.SearchAsync(Tenant(http), new SearchRequest(q, contact, limit ?? 20, media, channel), http.RequestAborted))))
            .WithSummary("Keyword search in one contact's transcript (ranked, highlighted snippets)");

        read.MapGet("/search", async (string? q, HttpContext http, ConversationQueries queries, MediaType? media, ChannelKind? channel, int? limit) =>
            string.IsNullOrWhiteSpace(q) ? ReplyResults.Invalid("'q' is required")
                : TypedResults.Ok(await queries.SearchAsync(Tenant(http), new SearchRequest(q, null, limit ?? 20, media, channel), http.RequestAborted)))
            .WithSummary("Keyword search across the tenant's conversations");

        read.MapGet("/unread", async (HttpContext http, ConversationQueries queries) =>
            TypedResults.Ok(await queries.UnreadTotalsAsync(Tenant(http), http.RequestAborted)))
            .WithSummary("Unread inbound messages of the tenant, and per agent");

        read.MapGet("/agents/{agentId}/unread", async (string agentId, HttpContext http, ConversationQueries queries) =>
            TypedResults.Ok(await queries.UnreadForAgentAsync(Tenant(http), agentId, http.RequestAborted)))
            .WithSummary("Unread inbound messages of one agent's current interactions");

        read.MapGet("/workload", async (HttpContext http, ConversationQueries queries) =>
            TypedResults.Ok(await queries.WorkloadAsync(Tenant(http), http.RequestAborted)))
            .WithSummary("Queued interactions and open interactions per agent, for routing");
    }

    private static string Tenant(HttpContext http) => Caller.From(http.User).Tenant;

    private static IResult? ValidContact(string contact) =>
        ConversationId.IsValidPart(contact) ? null : ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");

    private static IResult NotFound(string contact) =>
        ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", $"no conversation with '{contact}' in this tenant");
}

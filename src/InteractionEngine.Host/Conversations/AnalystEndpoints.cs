using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Host.Conversations;

/// <summary>History for analysts: point-in-time transcripts, KPIs and the tenant's events as a stream.</summary>
public static class AnalystEndpoints
{
    public static void MapAnalystApi(this IEndpointRouteBuilder app)
    {
        var analyze = app.MapGroup("/api/v1").WithTags("Analysts").RequireAuthorization(Policies.Analyze);

        analyze.MapGet("/contacts/{contact}/transcript/as-of", async (string contact, DateTimeOffset? at, HttpContext http, ConversationQueries queries,
            int? pageSize, long? cursor, SortOrder? order, MediaType? media, ChannelKind? channel) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            if (at is not { } asOf) return ReplyResults.Invalid("'at' (an ISO 8601 time) is required");
            var tenant = Caller.From(http.User).Tenant;
            if (await queries.ContactAsync(tenant, contact, http.RequestAborted) is null)
                return ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", $"no conversation with '{contact}' in this tenant");
            return TypedResults.Ok(await queries.TranscriptAsOfAsync(tenant, contact, asOf,
                new TranscriptRequest(pageSize ?? 50, cursor, order ?? SortOrder.OldestFirst, media, channel), http.RequestAborted));
        }).WithSummary("A contact's transcript as it stood at a given time");

        analyze.MapGet("/kpis/agents", async (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, ConversationQueries queries) =>
            Range(from, to) ?? TypedResults.Ok(await queries.AgentKpisAsync(Caller.From(http.User).Tenant, from!.Value, to!.Value, http.RequestAborted)))
            .WithSummary("Per agent: interactions Done in the period, average handle and first response time, message counts");

        analyze.MapGet("/kpis/interactions", async (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, ConversationQueries queries) =>
            Range(from, to) ?? TypedResults.Ok(await queries.InteractionKpisAsync(Caller.From(http.User).Tenant, from!.Value, to!.Value, ct: http.RequestAborted)))
            .WithSummary("Per interaction KPIs in the period");

        analyze.MapGet("/events", (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, EventExportReader export) =>
            Range(from, to) ?? new EventStreamResult(export, Caller.From(http.User).Tenant, from!.Value, to!.Value))
            .WithSummary("The tenant's events in a time range as a stream of JSON lines (application/x-ndjson)");
    }

    private static IResult? Range(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null || to is null ? ReplyResults.Invalid("'from' and 'to' (ISO 8601 times) are required")
        : from > to ? ReplyResults.Invalid("'from' must not be after 'to'")
        : null;
}

using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Conversations;

/// <summary>History for analysts: point-in-time transcripts, KPIs and the tenant's events as a stream.</summary>
public static class AnalystEndpoints
{
    public static void MapAnalystApi(this IEndpointRouteBuilder app)
    {
        var analyze = app.MapGroup("/api/v1").WithTags("Analysts").RequireApiKey(Policies.Analyze)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        analyze.MapGet("/contacts/{contact}/transcript/as-of", TranscriptAsOf).ProducesProblems(StatusCodes.Status404NotFound).WaitsForReadPosition()
            .WithSummary("A contact's transcript as it stood at a given time");
        analyze.MapGet("/kpis/agents", AgentKpis).WaitsForReadPosition(ReadSideScope.WithAsync).WithSummary("Per agent: interactions Done in the period, average handle and first response time, message counts");
        analyze.MapGet("/kpis/interactions", InteractionKpis).WaitsForReadPosition(ReadSideScope.WithAsync).WithSummary("Per interaction KPIs in the period");
        analyze.MapGet("/events", Events).WaitsForReadPosition().Produces<ExportedEvent>(StatusCodes.Status200OK, "application/x-ndjson")
            .WithSummary("The tenant's events in a time range as a stream of JSON lines (application/x-ndjson), one ExportedEvent per line");
    }

    private static async Task<Results<Ok<TranscriptPage>, ProblemHttpResult>> TranscriptAsOf(
        ContactConversation conversation, DateTimeOffset? at, [AsParameters] TranscriptQuery query, ConversationQueries queries, CancellationToken ct)
    {
        if (at is not { } asOf) return ReplyResults.Invalid("'at' (an ISO 8601 time) is required");
        if (await queries.ContactAsync(conversation.Tenant, conversation.Contact, ct) is null) return ConversationQueryEndpoints.UnknownContact(conversation);
        return TypedResults.Ok(await queries.TranscriptAsOfAsync(conversation.Tenant, conversation.Contact, asOf, query.ToRequest(SortOrder.OldestFirst), ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<AgentKpis>>, ProblemHttpResult>> AgentKpis(
        DateTimeOffset? from, DateTimeOffset? to, ConversationQueries queries, HttpContext http) =>
        InvalidRange(from, to) is { } invalid ? invalid
        : TypedResults.Ok(await queries.AgentKpisAsync(Caller.From(http.User).Tenant, from!.Value, to!.Value, http.RequestAborted));

    private static async Task<Results<Ok<IReadOnlyList<InteractionKpi>>, ProblemHttpResult>> InteractionKpis(
        DateTimeOffset? from, DateTimeOffset? to, ConversationQueries queries, HttpContext http) =>
        InvalidRange(from, to) is { } invalid ? invalid
        : TypedResults.Ok(await queries.InteractionKpisAsync(Caller.From(http.User).Tenant, from!.Value, to!.Value, ct: http.RequestAborted));

    private static IResult Events(DateTimeOffset? from, DateTimeOffset? to, EventExportReader export, HttpContext http) =>
        InvalidRange(from, to) as IResult ?? new EventStreamResult(export, Caller.From(http.User).Tenant, from!.Value, to!.Value);

    private static ProblemHttpResult? InvalidRange(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null || to is null ? ReplyResults.Invalid("'from' and 'to' (ISO 8601 times) are required")
        : from > to ? ReplyResults.Invalid("'from' must not be after 'to'")
        : null;
}

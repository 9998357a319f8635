using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Agents;

/// <summary>
/// Agent state and the queue: agents set their own state, supervisors any agent's state and capacity; the routing layer and
/// supervisors read every agent's state and slots and the queue; analysts read time per state and occupancy.
/// </summary>
public static class AgentEndpoints
{
    public static void MapAgentDesk(this IEndpointRouteBuilder app)
    {
        var act = app.MapGroup("/api/v1/agents").WithTags("Agent state").RequireApiKey(Policies.Act);
        act.MapPut("/me/state", SetOwnState)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The calling agent sets its own state: Ready, NotReady (with a reason code) or Offline");
        act.MapPut("/{agentId}/state", SetAgentState)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("A supervisor sets an agent's state (an agent key may name only itself)");
        act.MapPut("/{agentId}/capacity", SetCapacity)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("A supervisor overrides an agent's capacity per media type (null: the tenant's default)");

        var read = app.MapGroup("/api/v1").WithTags("Agent state").RequireApiKey(Policies.Read).WaitsForReadPosition();
        read.MapGet("/agents", Agents).WithSummary("Every agent's state, reason, time in state, capacity, open interactions and free slots, for routing");
        read.MapGet("/queue", Queue).WithSummary("Interactions waiting for an agent, oldest first, with their age");
        read.MapGet("/agent-desk", Settings).WithSummary("The tenant's Not Ready reasons and default capacity");

        app.MapGroup("/api/v1/kpis").WithTags("Analysts").RequireApiKey(Policies.Analyze).WaitsForReadPosition()
            .MapGet("/agent-states", StateKpis).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("Per agent over the period: seconds Ready, Not Ready (per reason), Offline, handling, and occupancy");
    }

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> SetOwnState(AgentStateRequest body, IAgents agents, TimeProvider clock, HttpContext http)
    {
        var caller = Caller.From(http.User);
        if (caller.AgentId is not { } agent)
            return Task.FromResult<Results<Ok<CommandResult>, ProblemHttpResult>>(ReplyResults.Problem(StatusCodes.Status403Forbidden,
                "Only an agent key has its own state", "use PUT /api/v1/agents/{agentId}/state with a supervisor key"));
        return SendStateAsync(new AgentKey(caller.Tenant, agent), caller.KeyId, body, agents, clock, http);
    }

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> SetAgentState(string agentId, AgentStateRequest body, IAgents agents,
        TimeProvider clock, HttpContext http) =>
        AsSupervisorOrSelf(agentId, http, out var agent, out var problem)
            ? SendStateAsync(agent, Caller.From(http.User).KeyId, body, agents, clock, http)
            : Task.FromResult<Results<Ok<CommandResult>, ProblemHttpResult>>(problem!);

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SetCapacity(string agentId, AgentCapacityRequest body, IAgents agents,
        TimeProvider clock, HttpContext http)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsSupervisor)
            return ReplyResults.Problem(StatusCodes.Status403Forbidden, "Only a supervisor sets capacity", "capacity overrides need an admin key");
        if (!AgentKey.IsValidAgentId(agentId)) return ReplyResults.Invalid(InvalidAgentId);
        var agent = new AgentKey(caller.Tenant, agentId);
        var reply = await agents.AskAsync(new SetAgentCapacity(agent, body.Chat, body.OpenMedia, caller.KeyId, clock.GetUtcNow()),
            CorrelationIdMiddleware.Of(http), http.RequestAborted);
        return reply.ToHttp(agent.Stream);
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SendStateAsync(AgentKey agent, string by, AgentStateRequest body,
        IAgents agents, TimeProvider clock, HttpContext http)
    {
        if (!Enum.TryParse<AgentPresence>(body.State, ignoreCase: true, out var state) || !Enum.IsDefined(state) || int.TryParse(body.State, out _))
            return ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "The command is not valid",
                $"'state' must be one of {string.Join(", ", Enum.GetNames<AgentPresence>())}");
        var reply = await agents.AskAsync(new SetAgentState(agent, state, body.Reason, by, clock.GetUtcNow()), CorrelationIdMiddleware.Of(http), http.RequestAborted);
        return reply.ToHttp(agent.Stream);
    }

    private static async Task<Ok<AgentList>> Agents(AgentQueries queries, IAgentDeskPolicies policies, TimeProvider clock, HttpContext http)
    {
        var tenant = Caller.From(http.User).Tenant;
        return TypedResults.Ok(await queries.AgentsAsync(tenant, policies.For(tenant), clock.GetUtcNow(), http.RequestAborted));
    }

    private static async Task<Ok<QueueView>> Queue(AgentQueries queries, TimeProvider clock, HttpContext http) =>
        TypedResults.Ok(await queries.QueueAsync(Caller.From(http.User).Tenant, clock.GetUtcNow(), http.RequestAborted));

    private static Ok<AgentDeskSettings> Settings(IAgentDeskPolicies policies, HttpContext http)
    {
        var policy = policies.For(Caller.From(http.User).Tenant);
        return TypedResults.Ok(new AgentDeskSettings(policy.NotReadyReasons, policy.ChatCapacity, policy.OpenMediaCapacity, policy.EndedCountsUntilDone));
    }

    private static async Task<Results<Ok<AgentStateKpiReport>, ProblemHttpResult>> StateKpis(DateTimeOffset? from, DateTimeOffset? to,
        AgentQueries queries, IAgentDeskPolicies policies, TimeProvider clock, HttpContext http)
    {
        if (from is null || to is null) return ReplyResults.Invalid("'from' and 'to' (ISO 8601 times) are required");
        if (from > to) return ReplyResults.Invalid("'from' must not be after 'to'");
        var tenant = Caller.From(http.User).Tenant;
        return TypedResults.Ok(await queries.StateKpisAsync(tenant, policies.For(tenant), from.Value, to.Value, clock.GetUtcNow(), http.RequestAborted));
    }

    private const string InvalidAgentId = "agent ids are 1-128 characters of letters, digits and . _ - + @";

    /// <summary>Supervisors act for any agent; an agent key only for itself; the routing layer sets no agent's state.</summary>
    private static bool AsSupervisorOrSelf(string agentId, HttpContext http, out AgentKey agent, out ProblemHttpResult? problem)
    {
        var caller = Caller.From(http.User);
        agent = new AgentKey(caller.Tenant, agentId);
        problem = !AgentKey.IsValidAgentId(agentId) ? ReplyResults.Invalid(InvalidAgentId)
            : caller.IsSupervisor || (caller.Role == Roles.Agent && caller.AgentId == agentId) ? null
            : caller.Role == Roles.Agent ? ReplyResults.Problem(StatusCodes.Status403Forbidden, "An agent key cannot act for another agent",
                $"this key acts as its own agent, not as '{agentId}'")
            : ReplyResults.Problem(StatusCodes.Status403Forbidden, "Only the agent or a supervisor sets an agent's state",
                "the routing layer reads agent state; it does not set it");
        return problem is null;
    }
}

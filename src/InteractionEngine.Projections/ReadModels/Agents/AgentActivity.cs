using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Folds a tenant's agent and conversation events (in the order of their own times) into each agent's time per state and handling time
/// within [from, to). Pure: the period and the tenant's "ended counts until Done" setting are given. An agent's clock starts
/// at its first event (state change or interaction routed to it); event times that step back are taken as "no time passed".
/// </summary>
public sealed class AgentActivity(DateTimeOffset from, DateTimeOffset to, bool endedCountsUntilDone)
{
    private readonly Dictionary<string, (string? Agent, InteractionStatus Status)> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Clock> _agents = new(StringComparer.Ordinal);

    public void Apply(IConversationEvent e)
    {
        if (e is AgentStateChanged s)
        {
            var clock = Advance(s.Agent.Agent, s.At);
            (clock.State, clock.Reason) = (s.State, s.Reason);
            return;
        }
        if (e is IAgentEvent) return;
        var id = e.ConversationId.Value;
        _conversations.TryGetValue(id, out var before);
        (string? Agent, InteractionStatus Status)? after = e switch
        {
            InteractionOpened => (null, InteractionStatus.Queued),
            InteractionRouted r => (r.AgentId, InteractionStatus.Active),
            SessionEnded => (before.Agent, InteractionStatus.Ended),
            MarkedDone => (before.Agent, InteractionStatus.Done),
            Reactivated r => (r.NewInteraction ? r.ActorId : before.Agent, InteractionStatus.Active),
            _ => null,
        };
        if (after is not { } next) return;
        _conversations[id] = next;
        var (was, now) = (Counted(before), Counted(next));
        if (was == now) return;
        if (was is { } previous) Advance(previous, e.At).Open--;
        if (now is { } current) Advance(current, e.At).Open++;
    }

    /// <summary>The figures once every event up to the period's end is applied, by agent id.</summary>
    public IReadOnlyList<AgentStateKpis> Result()
    {
        foreach (var agent in _agents.Keys.ToList()) Advance(agent, to);
        return _agents.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
        {
            var c = a.Value;
            var present = c.Seconds[AgentPresence.Ready] + c.Seconds[AgentPresence.NotReady];
            return new AgentStateKpis(a.Key, Round(c.Seconds[AgentPresence.Ready]), Round(c.Seconds[AgentPresence.NotReady]),
                Round(c.Seconds[AgentPresence.Offline]), c.ByReason.ToDictionary(r => r.Key, r => Round(r.Value)), Round(c.Handling),
                present > 0 ? Math.Round(c.Handling / present, 4) : null);
        }).ToList();
    }

    private string? Counted((string? Agent, InteractionStatus Status) c) =>
        c.Agent is not null && (c.Status == InteractionStatus.Active || (c.Status == InteractionStatus.Ended && endedCountsUntilDone)) ? c.Agent : null;

    /// <summary>Adds the time since the agent's last event (clipped to the period) to its current state.</summary>
    private Clock Advance(string agent, DateTimeOffset at)
    {
        if (!_agents.TryGetValue(agent, out var clock))
        {
            _agents[agent] = clock = new Clock { Last = at };
            return clock;
        }
        var start = clock.Last > from ? clock.Last : from;
        var end = at < to ? at : to;
        if (end > start)
        {
            var seconds = (end - start).TotalSeconds;
            clock.Seconds[clock.State] += seconds;
            if (clock.State == AgentPresence.NotReady)
                clock.ByReason[clock.Reason ?? ""] = clock.ByReason.GetValueOrDefault(clock.Reason ?? "") + seconds;
            if (clock.Open > 0 && clock.State != AgentPresence.Offline) clock.Handling += seconds;
        }
        if (at > clock.Last) clock.Last = at;
        return clock;
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);

    private sealed class Clock
    {
        public DateTimeOffset Last;
        public AgentPresence State = AgentPresence.Offline;
        public string? Reason;
        public int Open;
        public double Handling;
        public readonly Dictionary<AgentPresence, double> Seconds = new() { [AgentPresence.Offline] = 0, [AgentPresence.Ready] = 0, [AgentPresence.NotReady] = 0 };
        public readonly SortedDictionary<string, double> ByReason = new(StringComparer.Ordinal);
    }
}

using InteractionEngine.Actors.Serialization;
using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.EventStore;
using Marten;
using Npgsql;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// What the routing layer and supervisors read about agents: state and slots per agent, the queue, and time per state over
/// a period. Times "now" come from the caller (the edge's clock); every query reads one tenant.
/// </summary>
public sealed class AgentQueries(IDocumentStore store)
{
    public const int MaxQueueItems = 500;

    /// <summary>The events the KPI fold reads: agent state and the lifecycle steps that move interactions between agents.</summary>
    private static readonly string[] ActivityEventTypes = new[]
    {
        typeof(AgentStateChanged), typeof(InteractionOpened), typeof(InteractionRouted), typeof(SessionEnded), typeof(MarkedDone), typeof(Reactivated),
    }.Select(t => Manifests.ByType[t]).ToArray();

    private readonly ReadModelSql _sql = new(store);

    /// <summary>Every agent with a state or an open interaction: state, reason, time in state, capacity, open and free slots.</summary>
    public async Task<AgentList> AgentsAsync(string tenant, AgentDeskPolicy policy, DateTimeOffset now, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        IReadOnlyList<AgentStatus> statuses;
        await using (var session = store.QuerySession())
            statuses = await session.Query<AgentStatus>().Where(a => a.Tenant == tenant).ToListAsync(ct);

        var command = new NpgsqlCommand($"""
            select agent_id, data ->> 'channel', status, count(*)
            from {_sql.Table<ContactSummary>()}
            where tenant = @tenant and agent_id is not null and status in (@active, @ended)
            group by 1, 2, 3
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("active", nameof(InteractionStatus.Active));
        command.Parameters.AddWithValue("ended", nameof(InteractionStatus.Ended));
        var open = await _sql.ReadAsync(command, r => (Agent: r.GetString(0), Media: Enum.Parse<ChannelKind>(r.GetString(1)).MediaType(),
            Status: Enum.Parse<InteractionStatus>(r.GetString(2)), Count: Int(r, 3)), ct);

        var byId = statuses.ToDictionary(s => s.AgentId, StringComparer.Ordinal);
        var agents = byId.Keys.Union(open.Select(o => o.Agent), StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(agent =>
        {
            var status = byId.GetValueOrDefault(agent);
            var state = status?.State ?? AgentPresence.Offline;
            MediaSlots Slots(MediaType media, int capacity)
            {
                var rows = open.Where(o => o.Agent == agent && o.Media == media).ToList();
                var active = rows.Where(o => o.Status == InteractionStatus.Active).Sum(o => o.Count);
                var ended = rows.Where(o => o.Status == InteractionStatus.Ended).Sum(o => o.Count);
                var counted = active + (policy.EndedCountsUntilDone ? ended : 0);
                return new MediaSlots(capacity, counted, active, ended, state == AgentPresence.Ready ? Math.Max(0, capacity - counted) : 0);
            }
            var chat = Slots(MediaType.Chat, status?.ChatCapacity ?? policy.ChatCapacity);
            var openMedia = Slots(MediaType.OpenMedia, status?.OpenMediaCapacity ?? policy.OpenMediaCapacity);
            return new AgentView(agent, state, status?.Reason, status?.ReasonLabel, status?.Since,
                status?.Since is { } since ? Math.Round(Math.Max(0, (now - since).TotalSeconds), 3) : null, chat, openMedia, chat.Free + openMedia.Free);
        }).ToList();
        return new AgentList(now, agents);
    }

    /// <summary>The interactions waiting for an agent, oldest first, with their age at <paramref name="now"/>.</summary>
    public async Task<QueueView> QueueAsync(string tenant, DateTimeOffset now, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        await using var session = store.QuerySession();
        var waiting = session.Query<QueueEntry>().Where(q => q.Tenant == tenant && q.Waiting);
        var count = await waiting.CountAsync(ct);
        var items = await waiting.OrderBy(q => q.Since).ThenBy(q => q.Id).Take(MaxQueueItems).ToListAsync(ct);
        var listed = items.Select(q => new QueuedInteraction(q.Contact, q.Interaction, q.Channel, q.Channel.MediaType(), q.Since, Age(q.Since, now))).ToList();
        return new QueueView(now, count, listed.Count > 0 ? listed[0].AgeSeconds : null, listed);
    }

    /// <summary>Time per state, Not Ready per reason, handling time and occupancy per agent over [from, min(to, now)).</summary>
    public async Task<AgentStateKpiReport> StateKpisAsync(string tenant, AgentDeskPolicy policy, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset now, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var end = to < now ? to : now;
        var activity = new AgentActivity(from, end, policy.EndedCountsUntilDone);
        await using var session = store.QuerySession();
        var command = new NpgsqlCommand(MartenEventTables.Of(store).TenantEventsOfTypesUpTo);
        command.Parameters.AddWithValue("prefix", tenant + ":");
        command.Parameters.AddWithValue("types", ActivityEventTypes);
        command.Parameters.AddWithValue("to", Utc(end));
        var serializer = store.Options.Serializer();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
            activity.Apply((IConversationEvent)serializer.FromJson(Manifests.ByManifest[reader.GetString(0)], reader, 1));
        return new AgentStateKpiReport(from, end, activity.Result());
    }

    private static double Age(DateTimeOffset since, DateTimeOffset now) => Math.Round(Math.Max(0, (now - since).TotalSeconds), 3);
}

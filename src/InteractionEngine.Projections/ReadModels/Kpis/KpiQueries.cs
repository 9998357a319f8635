using InteractionEngine.Domain.Conversations;
using Marten;
using Npgsql;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>Interaction measures and per-agent figures (the async daemon keeps them a moment behind the transcript).</summary>
internal sealed class KpiQueries(ReadModelSql sql)
{
    /// <summary>One interaction's measures (maintained by the async daemon, so a moment behind the transcript).</summary>
    public async Task<InteractionKpi?> InteractionKpiAsync(string tenant, string contact, int interaction, CancellationToken ct = default)
    {
        var id = InteractionKpi.IdFor(Conversation(tenant, contact), interaction);
        await using var session = sql.Store.QuerySession();
        return await session.LoadAsync<InteractionKpi>(id, ct);
    }

    /// <summary>The measures of a contact's interactions 1..<paramref name="interactions"/> that have them, in order, in one round trip.</summary>
    public async Task<IReadOnlyList<InteractionKpi>> InteractionKpisOfAsync(string tenant, string contact, int interactions, CancellationToken ct = default)
    {
        if (interactions < 1) return [];
        var conversation = Conversation(tenant, contact);
        await using var session = sql.Store.QuerySession();
        var found = await session.LoadManyAsync<InteractionKpi>(ct, Enumerable.Range(1, interactions).Select(n => InteractionKpi.IdFor(conversation, n)));
        return found.OrderBy(k => k.Interaction).ToList();
    }

    /// <summary>Interactions marked Done in [from, to), optionally of one agent, in the order they were done.</summary>
    public async Task<IReadOnlyList<InteractionKpi>> InteractionKpisAsync(string tenant, DateTimeOffset from, DateTimeOffset to,
        string? agentId = null, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        (from, to) = (Utc(from), Utc(to));
        await using var session = sql.Store.QuerySession();
        var query = session.Query<InteractionKpi>().Where(k => k.Tenant == tenant && k.DoneAt >= from && k.DoneAt < to);
        if (agentId is not null) query = query.Where(k => k.DoneBy == agentId);
        return await query.OrderBy(k => k.DoneAt).ThenBy(k => k.Id).ToListAsync(ct);
    }

    /// <summary>Per agent: interactions they marked Done in [from, to), with average handle, first response and session time.</summary>
    public async Task<IReadOnlyList<AgentKpis>> AgentKpisAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var command = new NpgsqlCommand($"""
            select done_by, count(*), avg(handle_seconds), avg(first_response_seconds), avg(session_seconds),
                   sum((data ->> 'inboundMessages')::int), sum((data ->> 'outboundMessages')::int)
            from {sql.Table<InteractionKpi>()}
            where tenant = @tenant and done_at >= @from and done_at < @to and done_by is not null
            group by done_by
            order by done_by
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("from", Utc(from));
        command.Parameters.AddWithValue("to", Utc(to));
        return await sql.ReadAsync(command, r => new AgentKpis(
            r.GetString(0), Int(r, 1), Seconds(r, 2), Seconds(r, 3), Seconds(r, 4) ?? TimeSpan.Zero, Int(r, 5), Int(r, 6)), ct);
    }
}

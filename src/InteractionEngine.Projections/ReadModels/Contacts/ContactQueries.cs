using InteractionEngine.Domain.Conversations;
using Marten;
using Npgsql;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The contact list, unread totals and workload, from the contact summaries.</summary>
internal sealed class ContactQueries(ReadModelSql sql)
{
    public async Task<ContactSummary?> ContactAsync(string tenant, string contact, CancellationToken ct = default)
    {
        var id = Conversation(tenant, contact).Value;
        await using var session = sql.Store.QuerySession();
        if (await session.LoadAsync<ContactSummary>(id, ct) is not { } summary) return null;
        var profile = await session.LoadAsync<Directory.ContactProfile>(id, ct);
        return summary with { DisplayName = ContactDisplayNames.Of(profile?.FirstName, profile?.LastName, summary.ProfileName, summary.Contact) };
    }

    /// <summary>The Communication tab: a tenant's contacts, latest activity first, keyset-paged.</summary>
    public async Task<ContactPage> ContactsAsync(string tenant, ContactListRequest? request = null, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        request ??= new ContactListRequest();
        var size = PageSize(request.PageSize);

        var command = new NpgsqlCommand();
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("limit", size + 1);
        var filters = "tenant = @tenant";
        if (request.Media == MediaType.Chat) filters += " and uses_chat";
        if (request.Media == MediaType.OpenMedia) filters += " and uses_open_media";
        if (request.Channel is { } channel)
        {
            command.Parameters.AddWithValue("channel", channel.ToString());
            filters += " and data -> 'channels' @> jsonb_build_array(@channel::text)";
        }
        if (request.HasUnread is { } hasUnread)
        {
            command.Parameters.AddWithValue("hasUnread", hasUnread);
            filters += " and has_unread = @hasUnread";
        }
        if (request.AgentId is { } agent)
        {
            command.Parameters.AddWithValue("agent", agent);
            filters += " and agent_id = @agent";
        }
        if (request.After is { } after)
        {
            command.Parameters.AddWithValue("afterAt", Utc(after.LastActivityAt));
            command.Parameters.AddWithValue("afterId", after.ConversationId);
            filters += " and (last_activity_at, id) < (@afterAt, @afterId)";
        }
        command.CommandText = $"""
            with page as (
                select data, last_activity_at, id from {sql.Table<ContactSummary>()}
                where {filters}
                order by last_activity_at desc, id desc
                limit @limit)
            -- The directory entry (same id) gives the display name.
            select page.data, page.last_activity_at, page.id, p.data ->> 'firstName', p.data ->> 'lastName'
            from page left join {sql.Table<Directory.ContactProfile>()} p on p.id = page.id
            order by page.last_activity_at desc, page.id desc
            """;

        // The cursor takes the stored column (microseconds), not the document's time (100 ns ticks), so the
        // next page's comparison matches exactly what the database compares.
        var rows = await sql.ReadAsync(command, r => (Contact: Named(sql.Document<ContactSummary>(r, 0),
            r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)), Cursor: new ContactCursor(
            r.GetFieldValue<DateTimeOffset>(1), r.GetString(2))), ct);
        return rows.Count > size
            ? new ContactPage(rows.Take(size).Select(r => r.Contact).ToArray(), rows[size - 1].Cursor)
            : new ContactPage(rows.Select(r => r.Contact).ToArray(), null);
    }

    private static ContactSummary Named(ContactSummary summary, string? firstName, string? lastName) =>
        summary with { DisplayName = ContactDisplayNames.Of(firstName, lastName, summary.ProfileName, summary.Contact) };

    /// <summary>Unread inbound messages of a tenant, and per agent of the current interaction.</summary>
    public async Task<UnreadTotals> UnreadTotalsAsync(string tenant, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var command = new NpgsqlCommand($"""
            select agent_id, coalesce(sum(unread_count), 0), count(*) filter (where has_unread)
            from {sql.Table<ContactSummary>()}
            where tenant = @tenant and has_unread
            group by agent_id
            order by agent_id nulls first
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        var rows = await sql.ReadAsync(command, r => (Agent: r.IsDBNull(0) ? null : r.GetString(0), Messages: Int(r, 1), Contacts: Int(r, 2)), ct);
        return new UnreadTotals(
            rows.Sum(r => r.Messages),
            rows.Sum(r => r.Contacts),
            rows.Where(r => r.Agent is not null).Select(r => new AgentUnread(r.Agent!, r.Messages, r.Contacts)).ToArray());
    }

    public async Task<AgentUnread> UnreadForAgentAsync(string tenant, string agentId, CancellationToken ct = default)
    {
        var totals = await UnreadTotalsAsync(tenant, ct);
        return totals.Agents.FirstOrDefault(a => a.AgentId == agentId) ?? new AgentUnread(agentId, 0, 0);
    }

    /// <summary>Open interactions per agent (read inline, so a routing decision sees the latest assignment).</summary>
    public async Task<Workload> WorkloadAsync(string tenant, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var command = new NpgsqlCommand($"""
            select agent_id, status, count(*)
            from {sql.Table<ContactSummary>()}
            where tenant = @tenant and status <> @done
            group by agent_id, status
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("done", nameof(InteractionStatus.Done));
        var rows = await sql.ReadAsync(command, r => (Agent: r.IsDBNull(0) ? null : r.GetString(0),
            Status: Enum.Parse<InteractionStatus>(r.GetString(1)), Count: Int(r, 2)), ct);

        var agents = rows.Where(r => r.Agent is not null && r.Status != InteractionStatus.Queued)
            .GroupBy(r => r.Agent!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var active = g.Where(r => r.Status == InteractionStatus.Active).Sum(r => r.Count);
                var ended = g.Where(r => r.Status == InteractionStatus.Ended).Sum(r => r.Count);
                return new AgentWorkload(g.Key, active + ended, active, ended);
            })
            .ToArray();
        return new Workload(rows.Where(r => r.Status == InteractionStatus.Queued).Sum(r => r.Count), agents);
    }
}

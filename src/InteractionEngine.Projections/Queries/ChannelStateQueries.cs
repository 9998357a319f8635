using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.ReadModels;
using Npgsql;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.Queries;

/// <summary>A contact's WhatsApp channel state as last recorded (ChannelStateChanged), for the contact list and details.</summary>
public sealed record ContactChannelState(string Contact, ChannelKind Channel, ChannelState State, string Address, string? Reason, int? ErrorCode, DateTimeOffset At);

/// <summary>Channel states read straight from the event store by stream key: no projection keeps them.</summary>
internal sealed class ChannelStateQueries(ReadModelSql sql)
{
    public const int MaxChannelStateContacts = 500;

    /// <summary>
    /// The latest channel state of each of <paramref name="contacts"/> that has one (contacts that never had a connection
    /// request, a warning or a validation have none). Reads the event store by stream key, so it needs no projection.
    /// </summary>
    public async Task<IReadOnlyList<ContactChannelState>> ChannelStatesAsync(string tenant, IReadOnlyCollection<string> contacts, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var ids = contacts.Where(ConversationId.IsValidPart).Distinct().Take(MaxChannelStateContacts)
            .Select(c => new ConversationId(tenant, c).Value).ToArray();
        if (ids.Length == 0) return [];
        var command = new NpgsqlCommand(MartenEventTables.Of(sql.Store).LatestEventOfTypePerStream);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("type", Actors.Serialization.Manifests.ByType[typeof(ChannelStateChanged)]);
        var rows = await sql.ReadAsync(command, r => sql.Document<ChannelStateChanged>(r, 1), ct);
        return rows.Select(e => new ContactChannelState(e.ConversationId.Contact, e.Channel, e.State, e.Address, e.Reason, e.ErrorCode, e.At))
            .OrderBy(s => s.Contact, StringComparer.Ordinal).ToList();
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.Store;
using Npgsql;

namespace InteractionEngine.Projections.Queries;

/// <summary>
/// One stored conversation event as analysts see it: global position, stream, version, manifest, event time, payload;
/// <paramref name="Internal"/> marks what agents wrote for each other (private notes), never seen by the contact.
/// </summary>
public sealed record ExportedEvent(long Position, string ConversationId, long Version, string Type, DateTimeOffset At, JsonElement Data,
    bool Internal = false)
{
    /// <summary>Manifests of internal events: private notes.</summary>
    public static readonly IReadOnlySet<string> InternalTypes = new HashSet<string> { Actors.Serialization.Manifests.ByType[typeof(PrivateNoteAdded)] };

    public static bool IsInternal(string type) => InternalTypes.Contains(type);
}

/// <summary>
/// Which events to read: a tenant's (or one contact's) events whose event time <c>at</c> lies in
/// [<paramref name="From"/>, <paramref name="To"/>] (both optional), in append order.
/// </summary>
public sealed record EventQuery(string Tenant, string? Contact = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// Reads events from Marten's event table through a server-side cursor, a batch at a time, so memory stays
/// constant however many events match (the HTTP event stream and the CLI's replay and export use it).
/// </summary>
public sealed class EventExportReader(string connectionString, string schema = ReadModelStore.DefaultSchema)
{
    public const int FetchSize = 2_000;
    private readonly MartenEventTables _tables = new(schema);

    public IAsyncEnumerable<ExportedEvent> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        ReadAsync(new EventQuery(tenant, null, from, to), ct);

    public async IAsyncEnumerable<ExportedEvent> ReadAsync(EventQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // A cursor lives in a transaction; read-only repeatable read also gives the whole export one consistent snapshot.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var declare = Command(connection, query, filter => _tables.DeclareExportCursor("export_cursor", filter)))
        {
            await declare.ExecuteNonQueryAsync(ct);
        }

        await using var fetch = new NpgsqlCommand($"fetch forward {FetchSize} from export_cursor", connection, transaction);
        while (true)
        {
            var rows = 0;
            await using (var reader = await fetch.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows++;
                    var position = reader.GetInt64(0);
                    var stream = reader.GetString(1);
                    var version = reader.GetInt64(2);
                    var type = reader.GetString(3);
                    var at = reader.GetFieldValue<DateTimeOffset>(4);
                    using var data = JsonDocument.Parse(reader.GetString(5));
                    yield return new ExportedEvent(position, stream, version, type, at, data.RootElement.Clone(), ExportedEvent.IsInternal(type));
                }
            }
            if (rows < FetchSize) break;
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>How many events <see cref="ReadAsync(EventQuery, CancellationToken)"/> would return (for progress bars).</summary>
    public async Task<long> CountAsync(EventQuery query, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var count = Command(connection, query, filter => _tables.CountEvents(filter));
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, EventQuery query, Func<string, string> statement)
    {
        if (!ConversationId.IsValidPart(query.Tenant)) throw new ArgumentException($"'{query.Tenant}' is not a tenant id", nameof(query));
        var command = new NpgsqlCommand { Connection = connection };
        command.Parameters.AddWithValue("prefix", query.Tenant + ":");
        if (query.Contact is { } contact)
        {
            if (!ConversationId.IsValidPart(contact)) throw new ArgumentException($"'{contact}' is not a contact id", nameof(query));
            command.Parameters.AddWithValue("stream", new ConversationId(query.Tenant, contact).Value);
        }
        if (query.From is { } from) command.Parameters.AddWithValue("from", from.ToUniversalTime());
        if (query.To is { } to) command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.CommandText = statement(MartenEventTables.ExportFilter(query.Contact is not null, query.From is not null, query.To is not null));
        return command;
    }
}

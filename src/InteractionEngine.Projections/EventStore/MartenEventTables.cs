using Marten;

namespace InteractionEngine.Projections.EventStore;

/// <summary>
/// The one place that knows Marten's internal event tables (events, streams, their sequence, the async daemon's
/// progression) and every statement the engine runs against them by hand. Marten's own API covers neither a
/// set-based append nor a cursor over a tenant's events, so these statements exist; keeping them here means a Marten
/// upgrade that changes the tables touches this file only, and <c>MartenEventTablesTests</c> checks the names against
/// what the configured store reports and runs every statement against a schema Marten built.
/// Identifiers are quoted, so any schema name an operator passes stays one identifier.
/// </summary>
public sealed class MartenEventTables
{
    public const string EventsTableName = "mt_events";
    public const string StreamsTableName = "mt_streams";

    /// <summary>Marten's tenant id for a store without multi-tenancy.</summary>
    public const string DefaultTenant = "*DEFAULT*";

    public static MartenEventTables Of(IDocumentStore store) => new(store.Options.Events.DatabaseSchemaName);

    public MartenEventTables(string schema)
    {
        Schema = schema;
        Events = $"{Quote(schema)}.{EventsTableName}";
        Streams = $"{Quote(schema)}.{StreamsTableName}";
        EventSequence = $"{Quote(schema)}.mt_events_sequence";
        Progression = $"{Quote(schema)}.mt_event_progression";
        // Built once: the feed runs these per batch.
        AppendEvents = AppendEventsSql();
        StreamVersions = $"select id, version from {Streams} where id = any($1)";
    }

    public string Schema { get; }
    public string Events { get; }
    public string Streams { get; }
    public string EventSequence { get; }
    public string Progression { get; }

    // ---- the journal feed ----

    /// <summary>
    /// The quick append's rows for a batch of many streams in one statement (positional parameters: the streams' ids and
    /// new versions, then per event id, stream, version, data, type, CLR type, headers). A new stream gets its final
    /// version at once, an existing one only moves forward; events take the store's sequence in batch order and the
    /// same timestamp expression as Marten's own append.
    /// </summary>
    public string AppendEvents { get; }

    /// <summary>Each stream's version (id, version) for the stream ids in <c>$1</c>.</summary>
    public string StreamVersions { get; }

    private string AppendEventsSql() => $"""
        with streams as (
          insert into {Streams} as s (id, type, version, timestamp, tenant_id)
          select u.id, null, u.version, now(), '{DefaultTenant}' from unnest(?::varchar[], ?::bigint[]) as u(id, version)
          on conflict (id) do update set version = greatest(s.version, excluded.version), timestamp = now()
          returning s.id)
        insert into {Events} (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, headers)
        select nextval('{EventSequence}'), e.id, e.stream_id, e.version, e.data, e.type, '{DefaultTenant}', (now() at time zone 'utc'),
          e.dotnet_type, false, e.headers
        from unnest(?::uuid[], ?::varchar[], ?::bigint[], ?::jsonb[], ?::varchar[], ?::varchar[], ?::jsonb[])
          with ordinality as e(id, stream_id, version, data, type, dotnet_type, headers, n)
        order by e.n
        """;

    // ---- reads by the queries, the change feed and the export ----

    /// <summary>Per stream of <c>@ids</c>, the data of its latest event of type <c>@type</c> (stream id, data).</summary>
    public string LatestEventOfTypePerStream => $"""
        select distinct on (stream_id) stream_id, data from {Events}
        where stream_id = any(@ids) and type = @type
        order by stream_id, version desc
        """;

    /// <summary>The version of the stream <c>$1</c> (no row when the read side has none of its events).</summary>
    public string StreamVersion => $"select version from {Streams} where id = $1";

    /// <summary>
    /// Whether the async daemon's projections <paramref name="projections"/> have all passed the event at version <c>$2</c>
    /// of the stream <c>$1</c> (false while that event is not in the read side yet).
    /// </summary>
    public string AsyncProjectionsPassed(IReadOnlyCollection<string> projections) => $"""
        select coalesce((select min(last_seq_id) from {Progression} where {string.Join(" or ", projections.Select(p => $"name like '{p}:%'"))}), 0)
          >= coalesce((select seq_id from {Events} where stream_id = $1 and version = $2), 9223372036854775807)
        """;

    /// <summary>The highest event position (0 when there are no events).</summary>
    public string MaxPosition => $"select coalesce(max(seq_id), 0) from {Events}";

    /// <summary>
    /// Up to <paramref name="limit"/> events after position <c>@after</c> (position, stream, version, type, data), of
    /// the stream <c>@stream</c> or of the streams matching the LIKE pattern <c>@prefix</c> when asked.
    /// </summary>
    public string ChangesAfter(StreamScope scope, int limit)
    {
        var filter = scope switch
        {
            StreamScope.One => "and stream_id = @stream",
            StreamScope.Prefix => "and stream_id like @prefix",
            _ => "",
        };
        return $"select seq_id, stream_id, version, type, data::text from {Events} where seq_id > @after {filter} order by seq_id limit {limit}";
    }

    /// <summary>
    /// The export's filter: the stream <c>@stream</c>, or the streams starting with <c>@prefix</c> (starts_with, not LIKE:
    /// '_' is a valid id character and a LIKE wildcard); with <c>@from</c> / <c>@to</c>, events whose own time (the
    /// "at" the command carried, the clock the transcript shows) lies within them.
    /// </summary>
    public static string ExportFilter(bool oneStream, bool from, bool to) =>
        (oneStream ? "stream_id = @stream" : "starts_with(stream_id, @prefix)")
        + (from ? " and (data->>'at')::timestamptz >= @from" : "")
        + (to ? " and (data->>'at')::timestamptz <= @to" : "");

    /// <summary>A cursor over the events matching <paramref name="filter"/> in position order (position, stream, version, type, at, data).</summary>
    public string DeclareExportCursor(string cursor, string filter) =>
        $"declare {cursor} no scroll cursor for select seq_id, stream_id, version, type, (data->>'at')::timestamptz, data::text from {Events} where {filter} order by seq_id";

    /// <summary>How many events match <paramref name="filter"/> (all events without one).</summary>
    public string CountEvents(string? filter = null) =>
        filter is null ? $"select count(*) from {Events}" : $"select count(*) from {Events} where {filter}";

    /// <summary>
    /// The events of one tenant (streams starting with <c>@prefix</c>) whose type is in <c>@types</c> and whose own time is
    /// at most <c>@to</c>, in the order of that time (then position: streams reach the read side in any order, time
    /// accounting needs the time order) (type, data): the agent state KPIs fold these.
    /// </summary>
    public string TenantEventsOfTypesUpTo => $"""
        select type, data from {Events}
        where starts_with(stream_id, @prefix) and type = any(@types) and (data->>'at')::timestamptz <= @to
        order by (data->>'at')::timestamptz, seq_id
        """;

    // ---- maintenance: the CLI's checks, feed pause, rebuild and verify ----

    /// <summary>Whether Marten's event table exists in this schema (has the engine ever run on it).</summary>
    public string EventTableExists => $"select to_regclass('{Events}') is not null";

    /// <summary>Whether the (existing) event table holds any event.</summary>
    public string AnyEvent => $"select exists(select 1 from {Events})";

    /// <summary>
    /// An EXCLUSIVE lock on the event table: readers pass, appends wait. That pauses the journal feed of a running engine
    /// without stopping it.
    /// </summary>
    public string LockEventsExclusively => $"lock table {Events} in exclusive mode";

    /// <summary>Cancels the other backends waiting for a lock on the event table; returns how many.</summary>
    public string CancelEventLockWaiters =>
        $"select count(pg_cancel_backend(pid)) from pg_locks where relation = '{Events}'::regclass and not granted and pid <> pg_backend_pid()";

    /// <summary>The lowest event position the async daemon has reached over the shards of <paramref name="projections"/>.</summary>
    public string LowestProgressionOf(IReadOnlyCollection<string> projections) =>
        $"select coalesce(min(last_seq_id), 0) from {Progression} where {string.Join(" or ", projections.Select(p => $"name like '{p}:%'"))}";

    /// <summary>Copies every stream row of <paramref name="source"/> into this schema (the <paramref name="columns"/> both have).</summary>
    public string CopyStreamsFrom(MartenEventTables source, string columns) =>
        $"insert into {Streams} ({columns}) select {columns} from {source.Streams}";

    /// <summary>
    /// A plain table <paramref name="table"/> with every event (<paramref name="columns"/>), positions renumbered without
    /// gaps (a rolled-back append leaves one, and a daemon would wait on it), the original in <c>live_seq_id</c>.
    /// </summary>
    public string SnapshotEventsInto(string table, string columns)
    {
        var renumbered = string.Join(", ", columns.Split(", ").Select(c => c == "seq_id" ? "row_number() over (order by seq_id) as seq_id" : c));
        return $"create table {table} as select {renumbered}, seq_id as live_seq_id from {Events}";
    }

    /// <summary>Inserts event rows kept in <paramref name="table"/> (optionally only those matching <paramref name="where"/>).</summary>
    public string InsertEventsFrom(string table, string columns, string? where = null) =>
        $"insert into {Events} ({columns}) select {columns} from {table}" + (where is null ? "" : $" where {where}");

    /// <summary>Moves the event sequence to the highest position present, so the next append follows the copied events.</summary>
    public string ResetSequenceToLastEvent =>
        $"select setval('{EventSequence}', greatest(1, (select coalesce(max(seq_id), 0) from {Events})))";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}

/// <summary>Which streams <see cref="MartenEventTables.ChangesAfter"/> reads.</summary>
public enum StreamScope
{
    All,
    One,
    Prefix,
}

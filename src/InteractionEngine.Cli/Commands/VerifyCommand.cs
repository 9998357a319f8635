using System.ComponentModel;
using System.Text.Json;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.Store;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Commands;

public sealed class VerifySettings : EngineSettings
{
    [CommandOption("--keep")]
    [Description("Keep the scratch schema (read_model_verify_…) for inspection")]
    public bool Keep { get; init; }
}

/// <summary>A document that differs between the live read model and a rebuild from the same events.</summary>
public sealed record Drift(string Projection, string Id, string Summary);

/// <summary>
/// Rebuilds every projection into a scratch schema from a consistent snapshot of Marten's events and compares
/// each document with the live one (jsonb equality per id). Exit 1 on drift, 0 when equal.
/// </summary>
public sealed class VerifyCommand(CliContext cli) : AsyncCommand<VerifySettings>
{
    private const int MaxDrifts = 1_000;

    public override async Task<int> ExecuteAsync(CommandContext context, VerifySettings settings, CancellationToken ct)
    {
        await using var db = await CliDatabase.OpenAsync(cli, settings, ct);
        await db.RequireReadModelAsync(ct);
        await db.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var scratch = $"read_model_verify_{Guid.NewGuid().ToString("N")[..8]}";
        var drifts = new List<Drift>();
        var compared = 0L;
        try
        {
            await cli.Progress.Status().StartAsync("preparing…", async status =>
            {
                using var store = CliStore.Create(db.ConnectionString, scratch, db.SearchLanguages);
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                status.Status("copying events and live documents (one snapshot)…");
                await CopySnapshotAsync(db.ConnectionString, db.Store, db.Schema, scratch, ct);

                var rebuilder = new ProjectionRebuilder(store);
                // The async projections are compared at the position the live daemon had reached in the snapshot...
                foreach (var p in ReadModelProjections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async))
                {
                    status.Status($"rebuilding {p.Name}…");
                    await rebuilder.RebuildAsync(p.Name, ct: ct);
                }
                // ...the inline ones at the last event, which they always match.
                await using (var connection = new NpgsqlConnection(db.ConnectionString))
                {
                    await connection.OpenAsync(ct);
                    var tables = new MartenEventTables(scratch);
                    var columns = await Sql.SharedColumnsAsync(connection, scratch, scratch, MartenEventTables.EventsTableName, ct);
                    await Sql.ExecuteAsync(connection, tables.InsertEventsFrom($"{Sql.Quote(scratch)}.pending_events", columns), ct);
                    await Sql.ExecuteAsync(connection, tables.ResetSequenceToLastEvent, ct);
                }
                foreach (var p in ReadModelProjections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Inline))
                {
                    status.Status($"rebuilding {p.Name}…");
                    await rebuilder.RebuildAsync(p.Name, ct: ct);
                }

                status.Status("comparing…");
                await using var compare = new NpgsqlConnection(db.ConnectionString);
                await compare.OpenAsync(ct);
                foreach (var projection in ReadModelProjections.All)
                foreach (var type in projection.DocumentTypes)
                {
                    var table = ((IDocumentStore)store).Options.FindOrResolveDocumentType(type).TableName;
                    var rebuilt = table.QualifiedName;
                    var live = $"{Sql.Quote(scratch)}.{Sql.Quote("live_" + table.Name)}";
                    compared += (long)(await Sql.ScalarAsync(compare, $"select count(*) from {live}", ct))!;
                    await using var command = new NpgsqlCommand($"""
                        select coalesce(l.id, r.id), l.data::text, r.data::text
                        from {live} l full join {rebuilt} r on r.id = l.id
                        where l.data is distinct from r.data
                        order by 1 limit {MaxDrifts}
                        """, compare) { CommandTimeout = 0 };
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        drifts.Add(new Drift(projection.Name, reader.GetString(0),
                            Describe(reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))));
                }
            });
        }
        finally
        {
            if (!settings.Keep)
            {
                await using var connection = new NpgsqlConnection(db.ConnectionString);
                await connection.OpenAsync(CancellationToken.None);
                await Sql.ExecuteAsync(connection, $"drop schema if exists {Sql.Quote(scratch)} cascade", CancellationToken.None);
            }
        }

        if (settings.Json)
            Json.Write(cli.Output, new { equal = drifts.Count == 0, documents = compared, drifts, scratchSchema = settings.Keep ? scratch : null });
        else if (drifts.Count == 0)
            cli.Console.MarkupLine($"[green]read models match a rebuild from the events[/] ({compared:N0} documents compared)");
        else
        {
            var table = new Table().Title("[red]drift between the live read models and a rebuild[/]")
                .AddColumn("projection").AddColumn("id").AddColumn("difference (live → rebuilt)");
            foreach (var d in drifts.Take(50)) table.AddRow(Markup.Escape(d.Projection), Markup.Escape(d.Id), Markup.Escape(d.Summary));
            cli.Console.Write(table);
            cli.Console.MarkupLine($"[red]{drifts.Count}{(drifts.Count >= MaxDrifts ? "+" : "")} document(s) differ[/] of {compared:N0}; " +
                                   "fix with: ie rebuild [[projection]]");
        }
        return drifts.Count == 0 ? ExitCodes.Ok : ExitCodes.Drift;
    }

    /// <summary>
    /// One repeatable-read transaction copies the live documents and the events into the scratch schema, so the
    /// comparison holds still while the engine keeps writing. Events the live async daemon had not reached are held
    /// back in pending_events until the async projections are rebuilt.
    /// </summary>
    private static async Task CopySnapshotAsync(string connectionString, DocumentStore live, string liveSchema, string scratch, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var s = Sql.Quote(scratch);
        var (liveTables, scratchTables) = (new MartenEventTables(liveSchema), new MartenEventTables(scratch));
        var asyncNames = ReadModelProjections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToList();
        var asyncReached = asyncNames.Count == 0 ? 0L : Convert.ToInt64(await Sql.ScalarAsync(connection, liveTables.LowestProgressionOf(asyncNames), ct, tx));

        var streams = await Sql.SharedColumnsAsync(connection, liveSchema, scratch, MartenEventTables.StreamsTableName, ct, tx);
        await Sql.ExecuteAsync(connection, scratchTables.CopyStreamsFrom(liveTables, streams), ct, tx);
        // Renumbered without gaps, so the scratch daemon never waits on a gap a rolled-back append left in the live sequence.
        var events = await Sql.SharedColumnsAsync(connection, liveSchema, scratch, MartenEventTables.EventsTableName, ct, tx);
        await Sql.ExecuteAsync(connection, liveTables.SnapshotEventsInto($"{s}.all_events", events), ct, tx);
        await Sql.ExecuteAsync(connection, scratchTables.InsertEventsFrom($"{s}.all_events", events, $"live_seq_id <= {asyncReached}"), ct, tx);
        await Sql.ExecuteAsync(connection, $"create table {s}.pending_events as select * from {s}.all_events where live_seq_id > {asyncReached}", ct, tx);
        await Sql.ExecuteAsync(connection, scratchTables.ResetSequenceToLastEvent, ct, tx);

        foreach (var type in ReadModelProjections.All.SelectMany(p => p.DocumentTypes))
        {
            var table = ((IDocumentStore)live).Options.FindOrResolveDocumentType(type).TableName;
            await Sql.ExecuteAsync(connection,
                $"create table {s}.{Sql.Quote("live_" + table.Name)} as select id, data from {table.QualifiedName}", ct, tx);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Which top-level fields differ, as "field: live → rebuilt" (values shortened).</summary>
    internal static string Describe(string? live, string? rebuilt)
    {
        if (live is null) return "missing in the live read model";
        if (rebuilt is null) return "in the live read model but not in the rebuild";
        using var a = JsonDocument.Parse(live);
        using var b = JsonDocument.Parse(rebuilt);
        var left = a.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        var right = b.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        var fields = left.Keys.Union(right.Keys).Order(StringComparer.Ordinal)
            .Where(k => !left.TryGetValue(k, out var x) | !right.TryGetValue(k, out var y) || !JsonEqual(x!, y!))
            .Select(k => $"{k}: {Short(left.GetValueOrDefault(k))} → {Short(right.GetValueOrDefault(k))}");
        return string.Join("; ", fields);
    }

    private static bool JsonEqual(string x, string y) => JsonElement.DeepEquals(JsonDocument.Parse(x).RootElement, JsonDocument.Parse(y).RootElement);

    private static string Short(string? json) => json is null ? "(none)" : json.Length > 40 ? json[..39] + "…" : json;
}

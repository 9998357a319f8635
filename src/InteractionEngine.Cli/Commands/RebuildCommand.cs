using System.ComponentModel;
using System.Diagnostics;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.Store;
using InteractionEngine.Projections.Directory;
using Marten;
using Marten.Events;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Commands;

public sealed class RebuildSettings : EngineSettings
{
    [CommandArgument(0, "[projection]")]
    [Description("Transcript, ContactSummary, InteractionKpi or all (default)")]
    public string? Projection { get; init; }

    [CommandOption("--from-journal")]
    [Description("Rebuild Marten's events (and then every projection) from the Akka journal into --into")]
    public bool FromJournal { get; init; }

    [CommandOption("--into <SCHEMA>")]
    [Description("With --from-journal: the schema to fill (must be empty unless --replace)")]
    public string? Into { get; init; }

    [CommandOption("--replace")]
    [Description("With --from-journal: drop the target schema first")]
    public bool Replace { get; init; }
}

public sealed record RebuildResult(string Projection, long Documents, double Seconds, double EventsPerSecond);

/// <summary>
/// Rebuilds projections from Marten's events, online: the feed is paused with <see cref="FeedPause"/> while the
/// documents are replaced, so the engine keeps accepting commands and the read side catches up afterwards.
/// With --from-journal, Marten's events themselves are rebuilt from the Akka journal into another schema.
/// </summary>
public sealed class RebuildCommand(CliContext cli) : AsyncCommand<RebuildSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RebuildSettings settings, CancellationToken ct)
    {
        var names = settings.Projection is null || settings.Projection.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? ProjectionRebuilder.ProjectionNames
            : [ReadModelProjections.All.FirstOrDefault(p => p.Name.Equals(settings.Projection, StringComparison.OrdinalIgnoreCase))?.Name
               ?? throw new CliException($"unknown projection '{settings.Projection}': use {string.Join(", ", ProjectionRebuilder.ProjectionNames)} or all")];

        await using var db = await CliDatabase.OpenAsync(cli, settings, ct);
        if (settings.FromJournal) return await JournalRebuild.RunAsync(cli, db, settings, ct);
        if (settings.Into is not null || settings.Replace) throw new CliException("--into and --replace only go with --from-journal");
        await db.RequireReadModelAsync(ct);

        var results = await RebuildOnlineAsync(cli, db.Store, db.ConnectionString, db.Schema, names, ct);
        if (settings.Json) Json.Write(cli.Output, results);
        else
        {
            var table = new Table().AddColumn("projection").AddColumn(new TableColumn("documents").RightAligned())
                .AddColumn(new TableColumn("seconds").RightAligned()).AddColumn(new TableColumn("events/s").RightAligned());
            foreach (var r in results) table.AddRow(r.Projection, r.Documents.ToString("N0"), r.Seconds.ToString("N1"), r.EventsPerSecond.ToString("N0"));
            cli.Console.Write(table);
        }
        return ExitCodes.Ok;
    }

    internal static async Task<IReadOnlyList<RebuildResult>> RebuildOnlineAsync(CliContext cli, DocumentStore store, string connectionString, string schema,
        IReadOnlyList<string> names, CancellationToken ct)
    {
        // Any DDL Marten wants must happen before the lock, or it would wait for this very process.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Refused before anything is deleted: a rebuild would lose directory entries written before directory events.
        if (names.Any(n => ReadModelProjections.Find(n).DocumentTypes.Contains(typeof(ContactProfile)))
            && await new ContactDirectory(store).CountNotImportedAsync(ct) is > 0 and var waiting)
            throw new CliException(new DirectoryNotImportedException(waiting).Message);
        var events = await CountEventsAsync(connectionString, schema, ct);
        var results = new List<RebuildResult>();
        await cli.Progress.Status().StartAsync("pausing the read-side feed…", async status =>
        {
            await using var pause = await FeedPause.AcquireAsync(connectionString, schema, ct);
            if (names.Any(n => ReadModelProjections.Find(n).Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async))
            {
                // No new events can arrive now; let a running engine's daemon finish what it had, so it is idle during the rebuild.
                status.Status("waiting for the engine's async daemon to catch up…");
                try { await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(10)); }
                catch (TimeoutException) { /* no daemon running (engine stopped): nothing to wait for */ }
            }
            var rebuilder = new ProjectionRebuilder(store);
            foreach (var name in names)
            {
                status.Status($"rebuilding {name} from {events:N0} events…");
                var clock = Stopwatch.StartNew();
                await rebuilder.RebuildAsync(name, ct: ct);
                var seconds = clock.Elapsed.TotalSeconds;
                results.Add(new RebuildResult(name, await CountDocumentsAsync(store, name, ct), seconds, events / Math.Max(seconds, 0.001)));
                await pause.CancelWaitersAsync(ct);
            }
            status.Status("resuming the read-side feed…");
        });
        return results;
    }

    internal static async Task<long> CountEventsAsync(string connectionString, string schema, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return (long)(await Sql.ScalarAsync(connection, new MartenEventTables(schema).CountEvents(), ct))!;
    }

    private static async Task<long> CountDocumentsAsync(DocumentStore store, string projection, CancellationToken ct)
    {
        var total = 0L;
        await using var session = store.QuerySession();
        foreach (var type in ReadModelProjections.Find(projection).DocumentTypes)
        {
            var table = ((IDocumentStore)store).Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var reader = await session.ExecuteReaderAsync(new NpgsqlCommand($"select count(*) from {table}"), ct);
            if (await reader.ReadAsync(ct)) total += reader.GetInt64(0);
        }
        return total;
    }
}

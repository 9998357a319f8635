using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Spectre.Console;

namespace InteractionEngine.Cli.Commands;

/// <summary>
/// Marten's events rebuilt from the durable source: every conversation event of the Akka journal
/// (CurrentEventsByTag from the start, through a minimal local actor system with the engine's journal settings)
/// appended with the feed's own <see cref="MartenAppender"/> into a schema of its own, then the async projections.
/// </summary>
internal static class JournalRebuild
{
    private const int BatchSize = 1_000;

    public static async Task<int> RunAsync(CliContext cli, CliDatabase db, RebuildSettings settings, CancellationToken ct)
    {
        var into = settings.Into ?? throw new CliException("--from-journal needs --into <schema> (a new schema; --replace to overwrite one)");
        if (!System.Text.RegularExpressions.Regex.IsMatch(into, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new CliException($"'{into}' is not a schema name (lowercase letters, digits and _)");
        if (!await db.TableExistsAsync("public", "journal", ct)) throw new CliException("no Akka journal in this database (table public.journal)");

        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync(ct);
            var target = new MartenEventTables(into);
            if ((bool)(await Sql.ScalarAsync(connection, target.EventTableExists, ct))!
                && (bool)(await Sql.ScalarAsync(connection, target.AnyEvent, ct))!)
            {
                if (!settings.Replace) throw new CliException($"schema '{into}' already has events: pick another one or add --replace");
                if (into == db.Schema) cli.Error.WriteLine($"ie: warning: replacing the live schema '{into}'; the engine must be stopped");
            }
            if (settings.Replace) await Sql.ExecuteAsync(connection, $"drop schema if exists {Sql.Quote(into)} cascade", ct);
        }

        using var store = CliStore.Create(db.ConnectionString, into, db.SearchLanguages);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var total = await CountJournalEventsAsync(db.ConnectionString, ct);
        var clock = Stopwatch.StartNew();
        var appended = 0L;

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("ie-cli", akka => akka
            .AddHocon("akka { loglevel = ERROR, stdout-loglevel = ERROR }", HoconAddMode.Prepend)
            .AddInteractionSerializer()
            .AddConversationJournal(db.ConnectionString));
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var appender = new MartenAppender(store);
            await appender.StartAsync(ct);
            await cli.Progress.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"journal → {into}", maxValue: Math.Max(total, 1));
                    await journal.CurrentEventsByTag(ConversationTagger.Tag, Offset.Sequence(0))
                        .Grouped(BatchSize)
                        .SelectAsync(1, async batch =>
                        {
                            await appender.AppendAsync(batch.ToList(), ct);
                            return batch.Count();
                        })
                        .RunForeach(n =>
                        {
                            appended += n;
                            task.Value = appended;
                            task.Description = $"journal → {into}: {appended:N0} events, {appended / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s";
                        }, system.Materializer());
                    task.Value = task.MaxValue;
                });
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        // Inline projections ran with each append; the async ones (KPIs) are rebuilt from the new events.
        var rebuilder = new ProjectionRebuilder(store);
        foreach (var projection in ReadModelProjections.All.Where(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async))
            await rebuilder.RebuildAsync(projection.Name, ct: ct);

        var seconds = clock.Elapsed.TotalSeconds;
        if (settings.Json) Json.Write(cli.Output, new { schema = into, events = appended, seconds });
        else cli.Console.MarkupLine($"{appended:N0} journal events → schema [bold]{into}[/] in {seconds:N1} s ({appended / Math.Max(seconds, 0.001):N0} events/s)");
        return ExitCodes.Ok;
    }

    private static async Task<long> CountJournalEventsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return (long)(await Sql.ScalarAsync(connection, "select count(*) from journal where tags like '%;conversation;%'", ct))!;
    }
}

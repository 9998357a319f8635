using InteractionEngine.Cli.Commands;
using InteractionEngine.Cli.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli;

/// <summary>The `ie` command line: every subcommand, and the rule that every failure is one line on stderr.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error,
        IConfiguration? configuration = null, IAnsiConsole? progress = null, CancellationToken ct = default)
    {
        var cli = new CliContext(console, output, error, configuration ?? CliContext.LoadConfiguration(), progress);
        var services = new ServiceCollection().AddSingleton(cli);
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("ie");
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.AddCommand<TranscriptCommand>("transcript").WithDescription("A contact's transcript, live or --as-of a moment, with the API's filters")
                .WithExample("transcript", "acme", "ana", "--as-of", "2026-11-25T10:00:00Z", "--media", "chat");
            config.AddCommand<ReplayCommand>("replay").WithDescription("A tenant's or a contact's events, one per line, in stored order")
                .WithExample("replay", "acme", "ana", "--from", "2026-11-25");
            config.AddCommand<RebuildCommand>("rebuild").WithDescription("Rebuild one or all projections online, or Marten's events --from-journal")
                .WithExample("rebuild", "ContactSummary").WithExample("rebuild", "--from-journal", "--into", "read_model_restore");
            config.AddCommand<VerifyCommand>("verify").WithDescription("Rebuild into a scratch schema and compare with the live read models (exit 1 on drift)");
            config.AddCommand<ExportCommand>("export").WithDescription("A tenant's events in a time range as JSON lines or CSV, streamed")
                .WithExample("export", "acme", "--from", "2026-11-01", "--to", "2026-12-01", "--format", "csv", "--out", "acme.csv");
            config.AddCommand<KpiCommand>("kpi").WithDescription("Handle time, first response and message counts per agent or channel")
                .WithExample("kpi", "acme", "--from", "2026-11-01", "--to", "2026-12-01", "--by", "channel");
        });

        try
        {
            return await app.RunAsync(args, ct);
        }
        catch (Exception e)
        {
            error.WriteLine($"ie: error: {Describe(e)}");
            return e is CliException known ? known.ExitCode : ExitCodes.Error;
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>One line, never a stack trace.</summary>
    internal static string Describe(Exception e)
    {
        while (e is AggregateException { InnerException: { } inner }) e = inner;
        return e switch
        {
            CliException => e.Message,
            CommandParseException or CommandRuntimeException => CliDatabase.FirstLine(e.Message),
            PostgresException pg => $"database: {pg.MessageText} ({pg.SqlState})",
            NpgsqlException db => $"database: {CliDatabase.FirstLine(db.Message)}",
            OperationCanceledException => "cancelled",
            _ => $"{CliDatabase.FirstLine(e.Message)} ({e.GetType().Name})",
        };
    }
}

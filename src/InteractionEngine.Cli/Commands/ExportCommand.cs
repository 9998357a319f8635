using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.Queries;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Commands;

public sealed class ExportSettings : EngineSettings
{
    [CommandArgument(0, "<tenant>")] public string Tenant { get; init; } = "";

    [CommandOption("--from <TIME>")]
    [Description("First event time (ISO 8601), required")]
    public string? From { get; init; }

    [CommandOption("--to <TIME>")]
    [Description("Last event time (ISO 8601), required")]
    public string? To { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("jsonl (default) or csv")]
    public string? Format { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("Write to this file (with a progress bar) instead of stdout")]
    public string? Out { get; init; }
}

/// <summary>A tenant's events in a time range as JSON lines or CSV, streamed through a server-side cursor.</summary>
public sealed class ExportCommand(CliContext cli) : AsyncCommand<ExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ExportSettings settings, CancellationToken ct)
    {
        var tenant = Parse.Tenant(settings.Tenant);
        var (from, to) = Parse.Range(settings.From, settings.To);
        var format = settings.Format?.ToLowerInvariant() switch
        {
            null or "jsonl" or "ndjson" or "json" => ExportFormat.Jsonl,
            "csv" => ExportFormat.Csv,
            _ => throw new CliException($"unknown format '{settings.Format}': use jsonl or csv"),
        };

        await using var db = await CliDatabase.OpenAsync(cli, settings, ct);
        await db.RequireTenantAsync(tenant, ct);
        var query = new EventQuery(tenant, null, from, to);

        if (settings.Out is null)
        {
            await EventWriter.WriteAsync(db.Events.ReadAsync(query, ct), cli.Output, format, null, ct);
            return ExitCodes.Ok;
        }

        var total = await db.Events.CountAsync(query, ct);
        var clock = Stopwatch.StartNew();
        long written;
        try
        {
            await using var file = new StreamWriter(settings.Out, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
            written = await cli.Progress.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"export {Markup.Escape(tenant)}", maxValue: Math.Max(total, 1));
                    return await EventWriter.WriteAsync(db.Events.ReadAsync(query, ct), file, format, n =>
                    {
                        task.Value = n;
                        task.Description = $"export {Markup.Escape(tenant)}: {n:N0} events, {n / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s";
                    }, ct);
                });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write '{settings.Out}': {e.Message}");
        }

        if (settings.Json) Json.Write(cli.Output, new { file = Path.GetFullPath(settings.Out), events = written, seconds = clock.Elapsed.TotalSeconds });
        else cli.Console.MarkupLine($"{written:N0} events → {Markup.Escape(settings.Out)} in {clock.Elapsed.TotalSeconds:N1} s " +
                                    $"({written / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} events/s)");
        return ExitCodes.Ok;
    }
}

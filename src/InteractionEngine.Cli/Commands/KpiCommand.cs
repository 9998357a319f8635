using System.ComponentModel;
using InteractionEngine.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Commands;

public sealed class KpiSettings : EngineSettings
{
    [CommandArgument(0, "<tenant>")] public string Tenant { get; init; } = "";

    [CommandOption("--from <TIME>")]
    [Description("Start of the period (interactions marked Done from then), required")]
    public string? From { get; init; }

    [CommandOption("--to <TIME>")]
    [Description("End of the period (exclusive), required")]
    public string? To { get; init; }

    [CommandOption("--by <DIMENSION>")]
    [Description("agent (default) or channel")]
    public string? By { get; init; }
}

/// <summary>One row of the KPI table: interactions marked Done in the period, grouped by agent or channel.</summary>
public sealed record KpiRow(string Key, int Interactions, double? AverageHandleSeconds, double? AverageFirstResponseSeconds,
    double AverageSessionSeconds, int InboundMessages, int OutboundMessages);

/// <summary>Handle time, first response and message counts per agent or per channel, for interactions Done in a period.</summary>
public sealed class KpiCommand(CliContext cli) : AsyncCommand<KpiSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, KpiSettings settings, CancellationToken ct)
    {
        var tenant = Parse.Tenant(settings.Tenant);
        var (from, to) = Parse.Range(settings.From, settings.To);
        var byChannel = settings.By?.ToLowerInvariant() switch
        {
            null or "agent" => false,
            "channel" => true,
            _ => throw new CliException($"unknown --by '{settings.By}': use agent or channel"),
        };

        await using var db = await CliDatabase.OpenAsync(cli, settings, ct);
        await db.RequireTenantAsync(tenant, ct);
        // Per-interaction documents, grouped here: the same figures the API's per-agent SQL aggregate gives.
        var interactions = await db.Queries.InteractionKpisAsync(tenant, from, to, ct: ct);
        var rows = interactions
            .GroupBy(k => byChannel ? k.Channel.ToString() : k.DoneBy ?? "?")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KpiRow(g.Key, g.Count(), Average(g.Select(k => k.HandleSeconds)), Average(g.Select(k => k.FirstResponseSeconds)),
                g.Average(k => k.SessionSeconds), g.Sum(k => k.InboundMessages), g.Sum(k => k.OutboundMessages)))
            .ToList();

        if (settings.Json)
        {
            Json.Write(cli.Output, new { tenant, from, to, by = byChannel ? "channel" : "agent", rows });
            return ExitCodes.Ok;
        }

        var table = new Table().Title($"{Markup.Escape(tenant)}: interactions Done {from:u} – {to:u}")
            .AddColumn(byChannel ? "channel" : "agent").AddColumn(new TableColumn("done").RightAligned())
            .AddColumn(new TableColumn("avg handle").RightAligned()).AddColumn(new TableColumn("avg 1st response").RightAligned())
            .AddColumn(new TableColumn("avg in session").RightAligned())
            .AddColumn(new TableColumn("msgs in").RightAligned()).AddColumn(new TableColumn("msgs out").RightAligned());
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Key), row.Interactions.ToString(), Duration(row.AverageHandleSeconds),
                Duration(row.AverageFirstResponseSeconds), Duration(row.AverageSessionSeconds), row.InboundMessages.ToString(), row.OutboundMessages.ToString());
        if (rows.Count > 0)
            table.AddRow("[bold]all[/]", rows.Sum(r => r.Interactions).ToString(), Duration(Average(interactions.Select(k => k.HandleSeconds))),
                Duration(Average(interactions.Select(k => k.FirstResponseSeconds))), Duration(interactions.Average(k => k.SessionSeconds)),
                rows.Sum(r => r.InboundMessages).ToString(), rows.Sum(r => r.OutboundMessages).ToString());
        cli.Console.Write(table);
        if (rows.Count == 0) cli.Console.MarkupLine("[grey]no interaction was marked Done in this period[/]");
        return ExitCodes.Ok;
    }

    private static double? Average(IEnumerable<double?> values)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return known.Count == 0 ? null : known.Average();
    }

    internal static string Duration(double? seconds) => seconds is not { } s ? "–" : TimeSpan.FromSeconds(Math.Round(s)) switch
    {
        var t when t.TotalHours >= 1 => $"{(int)t.TotalHours}h{t.Minutes:00}m",
        var t when t.TotalMinutes >= 1 => $"{t.Minutes}m{t.Seconds:00}s",
        var t => $"{t.Seconds}s",
    };
}

using System.ComponentModel;
using System.Text;
using System.Text.Json;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.Queries;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Commands;

public sealed class ReplaySettings : EngineSettings
{
    [CommandArgument(0, "<tenant>")] public string Tenant { get; init; } = "";
    [CommandArgument(1, "[contact]")] public string? Contact { get; init; }

    [CommandOption("--from <TIME>")]
    [Description("Only events at or after this event time")]
    public string? From { get; init; }

    [CommandOption("--to <TIME>")]
    [Description("Only events at or before this event time")]
    public string? To { get; init; }
}

/// <summary>Walks a tenant's or a contact's history event by event, in the order the engine stored it.</summary>
public sealed class ReplayCommand(CliContext cli) : AsyncCommand<ReplaySettings>
{
    private static readonly HashSet<string> Skipped = ["conversationId", "at"];

    public override async Task<int> ExecuteAsync(CommandContext context, ReplaySettings settings, CancellationToken ct)
    {
        var tenant = Parse.Tenant(settings.Tenant);
        var contact = settings.Contact is null ? null : Parse.Contact(settings.Contact);
        var from = Parse.OptionalTime(settings.From, "--from");
        var to = Parse.OptionalTime(settings.To, "--to");
        if (from > to) throw new CliException($"--from ({settings.From}) is after --to ({settings.To})");

        await using var db = await CliDatabase.OpenAsync(cli, settings, ct);
        if (contact is null) await db.RequireTenantAsync(tenant, ct);
        else await db.RequireContactAsync(tenant, contact, ct);

        var count = 0L;
        await foreach (var e in db.Events.ReadAsync(new EventQuery(tenant, contact, from, to), ct))
        {
            count++;
            if (settings.Json) await cli.Output.WriteLineAsync(EventWriter.JsonLine(e));
            else
                cli.Console.MarkupLine($"[grey]{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}[/]  {Markup.Escape(e.ConversationId)} " +
                                       $"[grey]v{e.Version}[/]  [bold]{Markup.Escape(TypeName(e.Type))}[/]  {Markup.Escape(Fields(e.Data))}");
        }
        if (!settings.Json) cli.Console.MarkupLine($"[grey]{count} event(s)[/]");
        return ExitCodes.Ok;
    }

    internal static string TypeName(string manifest) => manifest.Split('/')[0];

    /// <summary>The event's own fields as key=value, texts quoted and shortened, nested objects summarized.</summary>
    internal static string Fields(JsonElement data)
    {
        var builder = new StringBuilder();
        foreach (var property in data.EnumerateObject())
        {
            if (Skipped.Contains(property.Name)) continue;
            var value = property.Value;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => property.Name is "text" or "reason" or "body" ? Quote(value.GetString()!) : value.GetString(),
                JsonValueKind.Array => value.GetArrayLength() == 0 ? null : $"[{value.GetArrayLength()}]",
                JsonValueKind.Object => Summary(value),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            };
            if (text is null) continue;
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(property.Name).Append('=').Append(text);
        }
        return builder.ToString();
    }

    private static string Summary(JsonElement value) =>
        value.TryGetProperty("templateName", out var template) ? $"{{template {template.GetString()}}}"
        : value.TryGetProperty("text", out var text) ? Quote(text.GetString() ?? "")
        : value.TryGetProperty("title", out var title) ? Quote(title.GetString() ?? "")
        : "{…}";

    private static string Quote(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        var info = new System.Globalization.StringInfo(flat);
        return "\"" + (info.LengthInTextElements > 60 ? info.SubstringByTextElements(0, 59) + "…" : flat) + "\"";
    }
}

using System.ComponentModel;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Commands;

public sealed class TranscriptSettings : EngineSettings
{
    [CommandArgument(0, "<tenant>")] public string Tenant { get; init; } = "";
    [CommandArgument(1, "<contact>")] public string Contact { get; init; } = "";

    [CommandOption("--as-of <TIME>")]
    [Description("The transcript as it stood at this event time (ISO 8601)")]
    public string? AsOf { get; init; }

    [CommandOption("--media <MEDIA>")]
    [Description("chat or open-media")]
    public string? Media { get; init; }

    [CommandOption("--channel <CHANNEL>")]
    [Description("WebChat, WhatsApp, FacebookMessenger, TwitterDm, Sms, FacebookPost or Tweet")]
    public string? Channel { get; init; }

    [CommandOption("--search <TEXT>")]
    [Description("Only lines matching this text (web-search syntax; with --as-of a case-insensitive substring)")]
    public string? Search { get; init; }

    [CommandOption("--order <ORDER>")]
    [Description("oldest (default) or newest first")]
    public string? Order { get; init; }
}

/// <summary>A contact's transcript, live or as of a moment, with the API's filters.</summary>
public sealed class TranscriptCommand(CliContext cli) : AsyncCommand<TranscriptSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TranscriptSettings settings, CancellationToken ct)
    {
        var tenant = Parse.Tenant(settings.Tenant);
        var contact = Parse.Contact(settings.Contact);
        var asOf = Parse.OptionalTime(settings.AsOf, "--as-of");
        var media = Parse.Media(settings.Media);
        var channel = Parse.Channel(settings.Channel);
        var order = settings.Order?.ToLowerInvariant() switch
        {
            null or "oldest" or "oldestfirst" => SortOrder.OldestFirst,
            "newest" or "newestfirst" => SortOrder.NewestFirst,
            _ => throw new CliException($"unknown order '{settings.Order}': use oldest or newest"),
        };

        await using var db = await CliDatabase.OpenAsync(cli, settings, ct);
        await db.RequireContactAsync(tenant, contact, ct);
        var queries = db.Queries;

        IReadOnlyList<TranscriptLine> lines;
        var snippets = new Dictionary<string, string>();
        if (settings.Search is { } search && asOf is null)
        {
            // Every hit, page by page: a transcript shows all matching lines, not the first page.
            var hits = new List<SearchHit>();
            SearchCursor? after = null;
            do
            {
                var page = await queries.SearchAsync(tenant, new SearchRequest(search, contact, ConversationQueries.MaxSearchResults, media, channel, after), ct);
                hits.AddRange(page.Hits);
                after = page.Next;
            } while (after is not null);
            foreach (var hit in hits) snippets[hit.Line.Id] = hit.Snippet.Render("«", "»");
            lines = (order == SortOrder.OldestFirst ? hits.OrderBy(h => h.Line.Position) : hits.OrderByDescending(h => h.Line.Position))
                .Select(h => h.Line).ToList();
        }
        else
        {
            var all = new List<TranscriptLine>();
            long? cursor = null;
            do
            {
                var request = new TranscriptRequest(ConversationQueries.MaxPageSize, cursor, order, media, channel);
                var page = asOf is { } at
                    ? await queries.TranscriptAsOfAsync(tenant, contact, at, request, ct)
                    : await queries.TranscriptAsync(tenant, contact, request, ct);
                all.AddRange(page.Lines);
                cursor = page.NextCursor;
            } while (cursor is not null);
            lines = settings.Search is { } text
                ? all.Where(l => l.SearchText?.Contains(text, StringComparison.OrdinalIgnoreCase) == true).ToList()
                : all;
        }

        if (settings.Json)
        {
            Json.Write(cli.Output, lines);
            return ExitCodes.Ok;
        }

        var table = new Table().Title($"{Markup.Escape(tenant)}:{Markup.Escape(contact)}" + (asOf is { } t ? $" as of {t:u}" : ""))
            .AddColumn("pos").AddColumn("time (UTC)").AddColumn("int").AddColumn("channel").AddColumn("who").AddColumn("what").AddColumn("delivery");
        foreach (var line in lines)
            table.AddRow(line.Position.ToString(), line.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), line.Interaction.ToString(),
                line.Channel.ToString(), Markup.Escape(Who(line.Author)), Markup.Escape(snippets.GetValueOrDefault(line.Id) ?? What(line)),
                Markup.Escape(line.Delivery?.Status.ToString() ?? ""));
        cli.Console.Write(table);
        cli.Console.MarkupLine($"[grey]{lines.Count} line(s)[/]");
        return ExitCodes.Ok;
    }

    internal static string Who(Author author) => author.Id is null ? author.Party.ToString() : $"{author.Party} {author.Id}";

    internal static string What(TranscriptLine line) => line.Kind switch
    {
        TranscriptLineKind.Message or TranscriptLineKind.Notification =>
            (line.Notification is { } n ? $"[{n.TemplateName}] " : "") + (line.Text ?? "")
            + (line.Attachments.Count > 0 ? $" (+{line.Attachments.Count} attachment(s))" : "")
            + (line.ButtonReply is { } b ? $" [button: {b.Text}]" : "")
            + Shared(line.Shared),
        TranscriptLineKind.Routed => $"routed to {line.AgentId} ({line.Reason})",
        TranscriptLineKind.Transferred => $"transferred {line.PreviousAgentId} → {line.AgentId} ({line.Reason})",
        TranscriptLineKind.Reactivated => line.NewInteraction == true ? $"new interaction after #{line.PreviousInteraction}" : "reactivated",
        TranscriptLineKind.SessionEnded => "session ended" + (line.Reason is { } r ? $" ({r})" : ""),
        TranscriptLineKind.Done => $"done by {line.AgentId}"
            + (line.WrapUpCode is { } code ? $" [{code}: {line.WrapUpLabel}]" : "") + (line.WrapUpNote is { } note ? $" — {note}" : ""),
        TranscriptLineKind.Note => $"[internal note] {line.Text}",
        TranscriptLineKind.IdleAlert => $"idle since {line.IdleSince:u}",
        TranscriptLineKind.InteractionOpened => $"interaction opened ({line.Origin})"
            + (line.AgentId is { } starter ? $" by {starter}" + (line.Address is { } address ? $" on {address}" : "") : ""),
        _ => line.Kind.ToString(),
    };

    /// <summary>Shared cards and a location, structured: "[contact: Rita Sousa, Loja, +351 912 345 678, rita@example.pt]".</summary>
    internal static string Shared(SharedContent? shared)
    {
        if (shared is null) return "";
        var parts = (shared.Contacts ?? []).Select(c => "[contact: " + string.Join(", ",
            new[] { c.Name, c.Organization }.Concat(c.Phones.Select(p => p.Phone)).Concat(c.Emails).Where(x => !string.IsNullOrWhiteSpace(x))) + "]").ToList();
        if (shared.Location is { } l)
            parts.Add("[location: " + string.Join(", ", new[] { l.Name, l.Address }.Where(x => !string.IsNullOrWhiteSpace(x))
                .Append(FormattableString.Invariant($"{l.Latitude}, {l.Longitude}"))) + "]");
        return parts.Count == 0 ? "" : " " + string.Join(' ', parts);
    }
}

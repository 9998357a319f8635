using System.Text.Json;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Cli.Tests;

/// <summary>Every subcommand against a history recorded by a running engine node and its read-side pipeline.</summary>
public sealed class CommandTests(EngineHistory history) : IClassFixture<EngineHistory>
{
    private Task<IeResult> Ie(params string[] args) => Tests.Ie.RunAsync(history.ConnectionString, args);

    private static string Lines(IEnumerable<TranscriptLine> lines) => JsonSerializer.Serialize(lines, Json.Indented);

    [Fact]
    public async Task As_of_transcripts_before_and_after_the_reactivation_equal_what_the_live_projection_showed_then()
    {
        var before = await Ie("transcript", "acme", "ana", "--as-of", history.BeforeReactivation.ToString("O"), "--json");
        Assert.Equal(0, before.ExitCode);
        Assert.Equal(Lines(history.AnaBeforeReactivation), before.Stdout.Trim());

        var live = (await history.Queries.TranscriptAsync("acme", "ana", new TranscriptRequest(500, Order: SortOrder.OldestFirst))).Lines;
        var after = await Ie("transcript", "acme", "ana", "--as-of", EngineHistory.T0.AddHours(1).ToString("O"), "--json");
        Assert.Equal(Lines(live), after.Stdout.Trim());
        Assert.Contains(live, l => l.Kind == TranscriptLineKind.Reactivated && l.NewInteraction == true);
        Assert.DoesNotContain(history.AnaBeforeReactivation, l => l.Kind == TranscriptLineKind.Reactivated);

        var table = await Ie("transcript", "acme", "ana");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("On its way 🚚", table.Console);
        Assert.Contains("new interaction after #1", table.Console);
    }

    [Fact]
    public async Task Transcript_filters_by_media_channel_and_search_text_like_the_api()
    {
        var openMedia = JsonSerializer.Deserialize<List<TranscriptLine>>((await Ie("transcript", "acme", "bob", "--media", "open-media", "--json")).Stdout, Json.Options)!;
        Assert.NotEmpty(openMedia);
        Assert.All(openMedia, l => Assert.Equal(MediaType.OpenMedia, l.Media));
        var chat = JsonSerializer.Deserialize<List<TranscriptLine>>((await Ie("transcript", "acme", "bob", "--media", "chat", "--json")).Stdout, Json.Options)!;
        Assert.Empty(chat);
        var whatsApp = JsonSerializer.Deserialize<List<TranscriptLine>>((await Ie("transcript", "acme", "ana", "--channel", "whatsapp", "--json")).Stdout, Json.Options)!;
        Assert.NotEmpty(whatsApp);

        var found = JsonSerializer.Deserialize<List<TranscriptLine>>((await Ie("transcript", "acme", "ana", "--search", "parcel", "--json")).Stdout, Json.Options)!;
        Assert.Equal("Did the parcel arrive?", Assert.Single(found).Text);
        var foundThen = JsonSerializer.Deserialize<List<TranscriptLine>>(
            (await Ie("transcript", "acme", "ana", "--search", "parcel", "--as-of", history.BeforeReactivation.ToString("O"), "--json")).Stdout, Json.Options)!;
        Assert.Empty(foundThen);

        var highlighted = await Ie("transcript", "acme", "ana", "--search", "parcel");
        Assert.Contains("«parcel»", highlighted.Console);

        var newest = JsonSerializer.Deserialize<List<TranscriptLine>>((await Ie("transcript", "acme", "ana", "--order", "newest", "--json")).Stdout, Json.Options)!;
        Assert.True(newest[0].Position > newest[^1].Position);
    }

    [Fact]
    public async Task Replay_walks_a_contact_or_a_tenant_event_by_event_in_a_time_range()
    {
        var ana = await Ie("replay", "acme", "ana");
        Assert.Equal(0, ana.ExitCode);
        Assert.Contains("MessageReceived", ana.Console);
        Assert.Contains("text=\"Olá 👋 where is my order?\"", ana.Console);
        Assert.Contains("Reactivated", ana.Console);

        var json = await Ie("replay", "acme", "ana", "--json");
        var events = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e => Assert.Equal("acme:ana", e.GetProperty("conversationId").GetString()));
        Assert.Equal(events.Select(e => e.GetProperty("version").GetInt64()).Order(), events.Select(e => e.GetProperty("version").GetInt64()));

        var window = await Ie("replay", "acme", "--from", EngineHistory.T0.AddMinutes(2).ToString("O"), "--to", EngineHistory.T0.AddMinutes(3).ToString("O"), "--json");
        var inWindow = window.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(inWindow, e => e.GetProperty("conversationId").GetString() == "acme:bob");
        Assert.All(inWindow, e => Assert.InRange(e.GetProperty("at").GetDateTimeOffset(), EngineHistory.T0.AddMinutes(2), EngineHistory.T0.AddMinutes(3)));
        Assert.DoesNotContain(inWindow, e => e.GetProperty("conversationId").GetString()!.StartsWith("globex:"));
    }

    [Fact]
    public async Task Kpis_per_agent_and_per_channel_cover_interactions_done_in_the_period()
    {
        var byAgent = await Ie("kpi", "acme", "--from", EngineHistory.T0.ToString("O"), "--to", EngineHistory.T0.AddHours(1).ToString("O"), "--json");
        Assert.Equal(0, byAgent.ExitCode);
        var rows = JsonDocument.Parse(byAgent.Stdout).RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal(2, rows["agent-1"].GetProperty("interactions").GetInt32()); // ana #1 and bob
        Assert.Equal(1, rows["agent-2"].GetProperty("interactions").GetInt32()); // ana #2
        Assert.Equal(120, rows["agent-1"].GetProperty("averageFirstResponseSeconds").GetDouble()); // ana 2 min after routing, bob 2 min
        Assert.Equal(330, rows["agent-1"].GetProperty("averageHandleSeconds").GetDouble());        // ana 5 min, bob 6 min (routing to Done)

        var byChannel = await Ie("kpi", "acme", "--from", EngineHistory.T0.ToString("O"), "--to", EngineHistory.T0.AddHours(1).ToString("O"), "--by", "channel");
        Assert.Equal(0, byChannel.ExitCode);
        Assert.Contains("WhatsApp", byChannel.Console);
        Assert.Contains("Tweet", byChannel.Console);
    }

    [Fact]
    public async Task Export_writes_json_lines_or_csv_of_the_tenants_events_in_the_range()
    {
        var from = EngineHistory.T0.ToString("O");
        var to = EngineHistory.T0.AddHours(1).ToString("O");
        var jsonl = await Ie("export", "acme", "--from", from, "--to", to);
        Assert.Equal(0, jsonl.ExitCode);
        var lines = jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 18);
        Assert.All(lines, l => Assert.StartsWith("acme:", JsonDocument.Parse(l).RootElement.GetProperty("conversationId").GetString()));
        Assert.Contains(lines, l => l.Contains("Olá 👋 where is my order?")); // emoji as written, not escaped
        var internals = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("internal").GetBoolean()).ToList();
        Assert.Equal("PrivateNoteAdded/1", Assert.Single(internals).GetProperty("type").GetString()); // only the private note

        var file = Path.Combine(Path.GetTempPath(), $"ie-export-{Guid.NewGuid():N}.csv");
        try
        {
            var csv = await Ie("export", "acme", "--from", from, "--to", to, "--format", "csv", "--out", file);
            Assert.Equal(0, csv.ExitCode);
            var rows = await File.ReadAllLinesAsync(file);
            Assert.Equal("position,conversation_id,contact,version,type,at,data,internal", rows[0]);
            Assert.Equal(lines.Length + 1, rows.Length);
            Assert.Contains(rows, r => r.Contains(",MessageReceived/1,") && r.Contains("\"\"Olá 👋 where is my order?\"\""));
            Assert.EndsWith(",true", Assert.Single(rows, r => r.Contains(",PrivateNoteAdded/1,")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("unknown tenant 'nobody'", "transcript", "nobody", "ana")]
    [InlineData("unknown tenant 'nobody'", "export", "nobody", "--from", "2026-01-01", "--to", "2026-12-31")]
    [InlineData("unknown contact 'zed'", "transcript", "acme", "zed")]
    [InlineData("bad time 'yesterday-ish'", "transcript", "acme", "ana", "--as-of", "yesterday-ish")]
    [InlineData("--from needs a time", "kpi", "acme", "--to", "2026-12-31")]
    [InlineData("is after --to", "export", "acme", "--from", "2026-12-31", "--to", "2026-01-01")]
    [InlineData("unknown projection 'Nope'", "rebuild", "Nope")]
    [InlineData("unknown media 'radio'", "transcript", "acme", "ana", "--media", "radio")]
    [InlineData("unknown command", "frobnicate")]
    public async Task Errors_are_one_line_on_stderr_and_a_non_zero_exit(string expected, params string[] args)
    {
        var result = await Ie(args);
        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ie: error: ", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task No_database_is_one_line_too()
    {
        var result = await Tests.Ie.RunAsync("Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2", "kpi", "acme", "--from", "2026-01-01", "--to", "2026-02-01");
        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.StartsWith("ie: error: no database", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.ReadYourWrites;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InteractionEngine.Host.Tests.ReadYourWrites;

/// <summary>Read-your-writes over HTTP: a read that passes a command's position never sees a page without the command's effect.</summary>
public class ReadYourWritesApiTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly HttpClient _routing = engine.CreateClient().As(TestKeys.AcmeRouting);
    private readonly HttpClient _agent = engine.CreateClient().As(TestKeys.AcmeAgent1);

    private static string Contact() => "ryw-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<string> PositionOf(HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("position").GetString()!;
    }

    private async Task<JsonElement> ReadAsync(HttpClient client, string path, string position)
    {
        var answer = await client.GetAsync(path + (path.Contains('?') ? '&' : '?') + "position=" + position);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {(int)answer.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static bool HasLine(JsonElement transcript, string text) =>
        transcript.GetProperty("lines").EnumerateArray().Any(l => l.TryGetProperty("text", out var t) && t.GetString() == text);

    [Fact]
    public async Task Every_read_with_the_commands_position_sees_its_effect_in_many_command_and_read_pairs()
    {
        for (var i = 0; i < 25; i++)
        {
            var contact = Contact();
            var inbound = await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound",
                new { channel = "WebChat", channelMessageId = $"w{i}", text = $"where is order {i}?" }));
            // A brand-new contact exists for the read, with its message and its badge.
            var summary = await ReadAsync(_agent, $"/api/v1/contacts/{contact}/summary", inbound);
            Assert.Equal(1, summary.GetProperty("unreadCount").GetInt32());
            Assert.True(HasLine(await ReadAsync(_agent, $"/api/v1/contacts/{contact}/transcript", inbound), $"where is order {i}?"));
            var list = await ReadAsync(_agent, "/api/v1/contacts?hasUnread=true&pageSize=200", inbound);
            Assert.Contains(list.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("contact").GetString() == contact);

            await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-1", reason = "ryw" }));
            var sent = await PositionOf(await _agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = $"a{i}", text = $"on its way {i}" }));
            Assert.True(HasLine(await ReadAsync(_agent, $"/api/v1/contacts/{contact}/transcript", sent), $"on its way {i}"));
            var hits = await ReadAsync(_agent, $"/api/v1/contacts/{contact}/transcript/search?q=way", sent);
            Assert.True(hits.GetProperty("hits").GetArrayLength() > 0);

            var read = await PositionOf(await _agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = 1 }));
            Assert.Equal(0, (await ReadAsync(_agent, $"/api/v1/contacts/{contact}/summary", read)).GetProperty("unreadCount").GetInt32());
        }
    }

    [Fact]
    public async Task A_duplicate_answer_carries_a_position_a_retrying_client_can_wait_for()
    {
        var contact = Contact();
        var body = new { channel = "WebChat", channelMessageId = "dup-1", text = "first and only" };
        var first = await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", body));
        var retry = await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", body);
        var answer = JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("duplicate", answer.GetProperty("outcome").GetString());
        Assert.Equal(first, answer.GetProperty("position").GetString());
        Assert.True(HasLine(await ReadAsync(_agent, $"/api/v1/contacts/{contact}/transcript", first), "first and only"));
    }

    [Fact]
    public async Task A_repeat_under_the_same_Idempotency_Key_gives_the_first_answer_with_its_position()
    {
        var contact = Contact();
        await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WebChat", channelMessageId = "i1", text = "hi" }));
        async Task<string> RouteAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contacts/{contact}/route")
            {
                Content = JsonContent.Create(new { channel = "WebChat", agentId = "agent-1", reason = "ryw" }),
            };
            request.Headers.Add("Idempotency-Key", "route-" + contact);
            return await PositionOf(await _routing.SendAsync(request));
        }

        var first = await RouteAsync();
        Assert.Equal(first, await RouteAsync());
        var summary = await ReadAsync(_agent, $"/api/v1/contacts/{contact}/summary", first);
        Assert.Equal("agent-1", summary.GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task A_position_the_read_side_does_not_reach_in_time_answers_503_with_Retry_After_and_the_same_read_succeeds_once_it_does()
    {
        var store = engine.Services.GetRequiredService<IDocumentStore>();
        var contact = Contact();
        string position;
        // Holding Marten's event table locked stalls the read-side pipeline (its append waits), not the journal.
        await using (var connection = new NpgsqlConnection(engine.ConnectionString))
        {
            await connection.OpenAsync();
            await using var pause = await connection.BeginTransactionAsync();
            await using (var lockEvents = new NpgsqlCommand(MartenEventTables.Of(store).LockEventsExclusively, connection, pause))
                await lockEvents.ExecuteNonQueryAsync();

            position = await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound",
                new { channel = "WebChat", channelMessageId = "late-1", text = "stuck behind the lock" }));
            var clock = Stopwatch.StartNew();
            var stalled = await _agent.GetAsync($"/api/v1/contacts/{contact}/transcript?position={position}");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
            Assert.Equal("application/problem+json", stalled.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(1), stalled.Headers.RetryAfter?.Delta);
            Assert.Contains("retry", JsonDocument.Parse(await stalled.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"answered after {clock.Elapsed}, before the 2 s default");
            await pause.RollbackAsync();
        }

        Assert.True(HasLine(await ReadAsync(_agent, $"/api/v1/contacts/{contact}/transcript", position), "stuck behind the lock"));
    }

    [Fact]
    public async Task A_version_the_conversation_never_reaches_answers_503_and_changes_nothing()
    {
        var contact = Contact();
        await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound",
            new { channel = "WebChat", channelMessageId = "f1", text = "hi" }));
        var future = new ReadPosition(new ConversationId("acme", contact), 1_000).Format();

        var answer = await _agent.GetAsync($"/api/v1/contacts?position={future}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal("1", answer.Headers.GetValues("Retry-After").Single());
    }

    public static TheoryData<string> ReadPaths() => new()
    {
        "/api/v1/contacts",
        "/api/v1/contacts/ana/summary",
        "/api/v1/contacts/ana/transcript",
        "/api/v1/contacts/ana/transcript/search?q=order",
        "/api/v1/search?q=order",
        "/api/v1/unread",
        "/api/v1/agents/agent-1/unread",
        "/api/v1/workload",
        "/api/v1/directory/contacts/ana",
        "/api/v1/channels/whatsapp/contacts",
        "/api/v1/contacts/ana/channels/whatsapp",
        "/api/v1/kpis/agents?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z",
        "/api/v1/kpis/interactions?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z",
        "/api/v1/contacts/ana/transcript/as-of?at=2026-01-01T00:00:00Z",
        "/api/v1/events?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z",
    };

    [Theory]
    [MemberData(nameof(ReadPaths))]
    public async Task Every_read_endpoint_refuses_a_malformed_position_or_another_tenants_with_the_same_400(string path)
    {
        var admin = engine.CreateClient().As(TestKeys.AcmeAdmin);
        var separator = path.Contains('?') ? '&' : '?';
        var globex = new ReadPosition(new ConversationId("globex", "ana"), 1).Format();

        var details = new List<string>();
        foreach (var position in new[] { "garbage", "1.x.7", globex })
        {
            var answer = await admin.GetAsync($"{path}{separator}position={Uri.EscapeDataString(position)}");
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            details.Add(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!);
        }
        Assert.Single(details.Distinct()); // another tenant's position reads exactly like a malformed one

        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ReadPosition.HeaderName, "garbage");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_header_works_like_the_query_parameter_and_several_positions_are_all_waited_for()
    {
        var first = Contact();
        var second = Contact();
        var a = await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{first}/messages/inbound", new { channel = "WebChat", channelMessageId = "h1", text = "one" }));
        var b = await PositionOf(await _routing.PostAsJsonAsync($"/api/v1/contacts/{second}/messages/inbound", new { channel = "WebChat", channelMessageId = "h2", text = "two" }));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/contacts?pageSize=200&position={a}");
        request.Headers.Add(ReadPosition.HeaderName, b);
        var answer = await _agent.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var contacts = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("contacts").EnumerateArray()
            .Select(c => c.GetProperty("contact").GetString()).ToList();
        Assert.Contains(first, contacts);
        Assert.Contains(second, contacts);
    }

    [Fact]
    public async Task OpenApi_declares_the_position_parameter_header_and_503_on_reads()
    {
        var document = JsonDocument.Parse(await engine.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var transcript = document.GetProperty("paths").GetProperty("/api/v1/contacts/{contact}/transcript").GetProperty("get");
        var parameters = transcript.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains(ReadPosition.QueryName, parameters);
        Assert.Contains(ReadPosition.HeaderName, parameters);
        Assert.True(transcript.GetProperty("responses").TryGetProperty("503", out _));
        var answer = document.GetProperty("components").GetProperty("schemas").GetProperty("CommandResult").GetProperty("properties");
        Assert.True(answer.TryGetProperty("position", out _));
    }
}

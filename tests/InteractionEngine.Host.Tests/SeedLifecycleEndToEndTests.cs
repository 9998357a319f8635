using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InteractionEngine.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace InteractionEngine.Host.Tests;

/// <summary>
/// The seed's story over real HTTP against the engine process on loopback: route, exchange messages, the contact
/// ends, Done, reactivate after Done; one transcript across both interactions; unread counts up and back to zero;
/// a SignalR subscriber that resumes after a disconnect with no gap and no duplicate.
/// </summary>
public class SeedLifecycleEndToEndTests
{
    private static readonly TimeSpan Visible = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Whole_lifecycle_with_transcript_unread_counts_and_realtime_resume()
    {
        var database = await TestPostgres.CreateDatabaseAsync("e2e");
        await using var engine = await EngineProcess.StartAsync(new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database });
        var routing = Client(engine, TestKeys.AcmeRouting);
        var agent = Client(engine, TestKeys.AcmeAgent1);
        var contact = "ana-" + Guid.NewGuid().ToString("N")[..6];

        var pushes = new ConcurrentQueue<Push>();
        var hub = await ConnectAsync(engine, pushes);
        await hub.InvokeAsync("SubscribeTranscript", contact, (long?)0);

        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WhatsApp", channelMessageId = "wamid.1", text = "Olá, my order? 📦" }));
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WhatsApp", agentId = "agent-1", reason = "skill:orders" }));
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WhatsApp", channelMessageId = "wamid.2", text = "It's #123" }));
        await Eventually(async () => (await Unread(agent, contact)) == 2, "two unread inbound messages");

        await Ok(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = 2 }));
        await Ok(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "a1", text = "On its way 🚚" }));
        await Eventually(async () => (await Unread(agent, contact)) == 0, "unread back to zero after reading");

        await Eventually(() => Task.FromResult(pushes.Count >= 5), "pushes for the first five events");
        await hub.DisposeAsync(); // the agent's browser goes away...

        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/contact-left", new { reason = "bye" }));
        await Ok(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { }));
        var reactivated = await Ok(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/reactivate", new { }));
        Assert.Equal(2, reactivated.GetProperty("interaction").GetInt32());
        await Ok(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "a2", text = "Hi again — delivered?" }));
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WhatsApp", channelMessageId = "wamid.3", text = "Yes, thanks!" }));
        await Eventually(async () => (await Unread(agent, contact)) == 1, "the new inbound message is unread");

        // ...and comes back, passing the last position it saw.
        var seen = pushes.Max(p => p.Position);
        var resumed = new ConcurrentQueue<Push>();
        var hub2 = await ConnectAsync(engine, resumed);
        await hub2.InvokeAsync("SubscribeTranscript", contact, (long?)seen);
        var events = await JournalEventCount(database, contact);
        await Eventually(() => Task.FromResult(pushes.Count + resumed.Count >= events), "every change pushed across the reconnect");
        await hub2.DisposeAsync();

        var all = pushes.Concat(resumed).ToList();
        Assert.Equal(all.Select(p => p.Version), Enumerable.Range(1, events).Select(v => (long)v)); // no gap, no duplicate, in order
        Assert.Equal(all.Select(p => p.Position).Order(), all.Select(p => p.Position));

        var transcript = await Get(agent, $"/api/v1/contacts/{contact}/transcript?order=OldestFirst&pageSize=100");
        var lines = transcript.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([1, 2], lines.Select(l => l.GetProperty("interaction").GetInt32()).Distinct());
        Assert.Contains(lines, l => l.TryGetProperty("text", out var t) && t.GetString() == "Olá, my order? 📦");
        Assert.Contains(lines, l => l.TryGetProperty("text", out var t) && t.GetString() == "Yes, thanks!");

        await Ok(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = 5 }));
        await Eventually(async () => (await Unread(agent, contact)) == 0, "unread back to zero");
    }

    private sealed record Push(long Position, long Version, string EventType);

    private static HttpClient Client(EngineProcess engine, string key) =>
        new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.As(key);

    private static async Task<HubConnection> ConnectAsync(EngineProcess engine, ConcurrentQueue<Push> pushes)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(engine.BaseAddress, "/hubs/conversations"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestKeys.AcmeAgent1))
            .Build();
        connection.On<JsonElement>("change", change => pushes.Enqueue(new Push(
            change.GetProperty("position").GetInt64(), change.GetProperty("version").GetInt64(), change.GetProperty("eventType").GetString()!)));
        await connection.StartAsync();
        return connection;
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> Get(HttpClient client, string path) => await Ok(client.GetAsync(path));

    private static async Task<int> Unread(HttpClient client, string contact)
    {
        var response = await client.GetAsync($"/api/v1/contacts/{contact}/summary");
        if (response.StatusCode == HttpStatusCode.NotFound) return -1;
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return summary.GetProperty("unreadCount").GetInt32();
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Visible;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Visible}: {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<int> JournalEventCount(string database, string contact)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from journal where persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", $"conversation-acme:{contact}");
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}

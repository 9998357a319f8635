using System.Net.Http.Json;
using System.Text.Json;
using InteractionEngine.Testing;
using Npgsql;

namespace InteractionEngine.Host.Tests.Failover;

/// <summary>
/// Two engine processes of one cluster on one database; under load from 16 conversations (both nodes own some) the
/// second node dies (SIGKILL) or leaves (SIGTERM). Every acknowledged message must be stored exactly once, in the
/// order sent, and every conversation must answer again on the survivor. Speed is the bench's job
/// (bench --only failover, docs/reliability.md): here only a bounded wait.
/// </summary>
public sealed class FailoverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_a_node_under_load_loses_and_duplicates_nothing_and_its_conversations_answer_on_the_survivor()
    {
        var run = await RunAsync(new Dictionary<string, string>(), stop: victim => victim.KillAsync());
        Assert.True(run.FailedOnSurvivor > 0, "the killed node owned no conversation under load: the test proved nothing");
    }

    [Fact]
    public async Task A_node_that_leaves_cleanly_hands_its_conversations_over_without_waiting_for_the_split_brain_resolver()
    {
        // Were the handover left to failure detection and the resolver, the leaving node's conversations would wait
        // at least these two minutes, well past the test's bound.
        var slowResolver = new Dictionary<string, string> { ["Akka__StableAfter"] = "00:02:00", ["Akka__DownRemovalMargin"] = "00:02:00" };
        await RunAsync(slowResolver, async victim => Assert.Equal(0, await victim.TerminateAsync(Bound)));
    }

    private sealed record Outcome(int FailedOnSurvivor);

    private static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> extra, Func<EngineProcess, Task> stop)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("failover");
        // Created once before two nodes start on the empty database, so their schema migrations cannot race.
        using (var store = InteractionEngine.Projections.Store.ReadModelStore.Create(cs)) await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Keep-majority between two nodes keeps the one with the lowest address: the survivor gets the lower port.
        var ports = new[] { TestPorts.Free(), TestPorts.Free() }.Order().ToArray();
        Dictionary<string, string> Node(int port)
        {
            var env = new Dictionary<string, string>(extra)
            {
                ["ConnectionStrings__Postgres"] = cs,
                ["Akka__Port"] = port.ToString(),
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };
            return env;
        }
        await using var survivor = await EngineProcess.StartAsync(Node(ports[0]));
        var second = Node(ports[1]);
        second["Akka__SeedNodes__0"] = $"akka.tcp://interaction-engine@127.0.0.1:{ports[0]}";
        await using var victim = await EngineProcess.StartAsync(second);
        // The victim is ready only once it is Up, and the survivor (the only member, so the leader) made it Up: both know two.
        await AssertMembersAsync(survivor.Http, 2);
        await AssertMembersAsync(victim.Http, 2);

        survivor.Http.As(TestKeys.AcmeRouting);
        victim.Http.As(TestKeys.AcmeRouting);
        var contacts = Enumerable.Range(0, 16).Select(i => $"fo-{i}").ToArray(); // ~16 shards: both nodes own some
        var channel = new RedeliveringChannel([survivor.Http, victim.Http], contacts);
        var deadline = DateTime.UtcNow + Bound;

        await channel.SendAsync(3, deadline);
        var load = channel.SendAsync(5, deadline); // still sending while the node goes
        await stop(victim);
        channel.MarkDead(1);
        await load;
        await channel.SendAsync(2, deadline); // every conversation answers on the survivor

        var acknowledged = channel.Acknowledged.SelectMany(kv => kv.Value).ToList();
        Assert.Equal(contacts.Length * 10, acknowledged.Count);
        var journal = await JournalCountsAsync(cs);
        Assert.All(acknowledged, id => Assert.Equal(1, journal.GetValueOrDefault(id)));

        var reader = new HttpClient { BaseAddress = survivor.BaseAddress }.As(TestKeys.AcmeAgent1);
        foreach (var contact in contacts)
        {
            var expected = channel.Acknowledged[contact].ToList();
            var lines = await TranscriptIdsAsync(reader, contact, channel.LastPosition[contact], deadline + Bound);
            Assert.Equal(expected, lines); // each once, in the order the channel sent them
        }
        return new Outcome(channel.FailedAfterFault);
    }
    private static async Task AssertMembersAsync(HttpClient node, int members)
    {
        using var report = JsonDocument.Parse(await node.GetStringAsync("/health/ready"));
        Assert.Equal(members, report.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").GetProperty("members").GetInt32());
    }

    /// <summary>MessageReceived rows per channelMessageId, read from the journal as an operator would.</summary>
    internal static async Task<Dictionary<string, int>> JournalCountsAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select convert_from(message, 'UTF8')::jsonb ->> 'channelMessageId', count(*) from journal where manifest = 'MessageReceived/1' group by 1", connection);
        var counts = new Dictionary<string, int>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync()) counts[rows.GetString(0)] = (int)rows.GetInt64(1);
        return counts;
    }

    /// <summary>
    /// The inbound channel ids of a contact's transcript, oldest first, read at the position of its last acknowledged
    /// message: the engine answers once its read side holds it (or 503 after its bounded wait, then read again).
    /// </summary>
    internal static async Task<List<string>> TranscriptIdsAsync(HttpClient reader, string contact, string position, DateTime deadline)
    {
        var ids = new List<string>();
        long? cursor = null;
        while (true)
        {
            using var response = await reader.GetAsync(
                $"/api/v1/contacts/{contact}/transcript?order=OldestFirst&pageSize=50&position={position}{(cursor is { } c ? $"&cursor={c}" : "")}");
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline) continue; // the engine waited 2 s
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var line in page.GetProperty("lines").EnumerateArray())
                if (line.TryGetProperty("channelMessageId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.StartsWith(contact + ".m"))
                    ids.Add(id.GetString()!);
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.Number ? next.GetInt64() : null;
            if (cursor is null) return ids;
        }
    }
}

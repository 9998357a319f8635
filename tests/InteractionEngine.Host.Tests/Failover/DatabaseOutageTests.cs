using System.Net.Http.Json;
using InteractionEngine.Testing;
using Xunit.Abstractions;

namespace InteractionEngine.Host.Tests.Failover;

/// <summary>
/// PostgreSQL stops mid-load under a running engine and starts again: while it is down no message is acknowledged
/// that is not durable (the channel redelivers what got no 200), and once it is back the engine serves again
/// without a restart, with every acknowledged message stored exactly once and in order.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    /// <summary>How long, once PostgreSQL is back, every conversation may take to acknowledge again.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_engine_rides_out_a_database_outage_without_a_restart_and_loses_nothing()
    {
        await using var postgres = await TestPostgres.StartDedicatedAsync(TestPorts.Free());
        var cs = await postgres.EnsureDatabaseAsync("outage");
        await using var engine = await EngineProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = cs,
            ["Serilog__MinimumLevel__Default"] = "Warning",
        });
        engine.Http.As(TestKeys.AcmeRouting);
        var contacts = Enumerable.Range(0, 8).Select(i => $"db-{i}").ToArray();
        var channel = new RedeliveringChannel([engine.Http], contacts);
        await channel.SendAsync(2, DateTime.UtcNow + Bound);
        var deadline = DateTime.UtcNow + FaultSuite.DatabaseOutage + Bound;
        var load = channel.SendAsync(4, deadline); // redelivering through the outage
        await postgres.StopAsync();
        channel.MarkFault();
        var downUntil = DateTime.UtcNow + FaultSuite.DatabaseOutage;
        var answeredWhileDown = await ProbeUntilAsync(engine.Http, downUntil);
        var stoppedFor = DateTime.UtcNow - (downUntil - FaultSuite.DatabaseOutage);
        await postgres.RestartAsync();
        var restartedAt = DateTime.UtcNow;
        try
        {
            await load;
        }
        catch (TimeoutException)
        {
            output.WriteLine(engine.OutputTail(300)); // the engine's side of a conversation that never recovered
            throw;
        }
        output.WriteLine($"down {stoppedFor.TotalSeconds:F1} s; answers while down: {string.Join(",", answeredWhileDown.CountBy(s => s).Select(kv => $"{kv.Key}x{kv.Value}"))}; " +
                         $"load done {(DateTime.UtcNow - restartedAt).TotalSeconds:F1} s after the restart; {channel.FailedAfterFault} requests redelivered");
        await channel.SendAsync(2, deadline); // every conversation answers again

        Assert.True(channel.FailedAfterFault > 0, "no request failed while PostgreSQL was down: the outage was not exercised");
        Assert.DoesNotContain(answeredWhileDown, status => status == 200);
        var acknowledged = channel.Acknowledged.SelectMany(kv => kv.Value).ToList();
        Assert.Equal(contacts.Length * 8, acknowledged.Count);
        var journal = await FailoverTests.JournalCountsAsync(cs);
        Assert.All(acknowledged, id => Assert.Equal(1, journal.GetValueOrDefault(id)));

        var reader = new HttpClient { BaseAddress = engine.BaseAddress }.As(TestKeys.AcmeAgent1);
        foreach (var contact in contacts)
            Assert.Equal(channel.Acknowledged[contact].ToList(),
                await FailoverTests.TranscriptIdsAsync(reader, contact, channel.LastPosition[contact], deadline + Bound));
    }

    /// <summary>
    /// While the database is down, a new contact's first message (no conversation in memory to answer "duplicate")
    /// must not be acknowledged: its status codes, one request at a time until <paramref name="until"/>.
    /// </summary>
    private static async Task<List<int>> ProbeUntilAsync(HttpClient engine, DateTime until)
    {
        var statuses = new List<int>();
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            try
            {
                using var response = await engine.PostAsJsonAsync($"/api/v1/contacts/db-probe-{i}/messages/inbound",
                    new { channel = "WhatsApp", channelMessageId = $"db-probe-{i}.m1", text = "while the database is down" });
                statuses.Add((int)response.StatusCode);
            }
            catch (TaskCanceledException)
            {
                statuses.Add(0); // no answer within the client's timeout: not an acknowledgement either
            }
        }
        return statuses;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InteractionEngine.Testing;

namespace InteractionEngine.Host.Tests;

/// <summary>Ack means durable: what the engine acknowledged survives a SIGKILL right after.</summary>
public class CrashDurabilityTests
{
    private const int Commands = 50;

    [Fact]
    public async Task Engine_killed_with_SIGKILL_after_acknowledging_N_commands_loses_none_of_them()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ie-host-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string> { ["Database__DataDirectory"] = dataDirectory }; // embedded PostgreSQL
        try
        {
            await using (var engine = await EngineProcess.StartAsync(environment))
            {
                engine.Http.As(TestKeys.AcmeRouting);
                var acknowledged = await Task.WhenAll(Enumerable.Range(0, Commands).Select(async i =>
                    (await engine.Http.PostAsJsonAsync($"/api/v1/contacts/k{i % 10}/messages/inbound",
                        new { channel = "WhatsApp", channelMessageId = $"wamid.{i}", text = $"message {i} 🚀" })).StatusCode));
                Assert.All(acknowledged, status => Assert.Equal(HttpStatusCode.OK, status));
                await engine.KillAsync(); // no graceful anything: the embedded PostgreSQL is left running, orphaned
            }

            await using (var restarted = await EngineProcess.StartAsync(environment))
            {
                restarted.Http.As(TestKeys.AcmeRouting);
                for (var i = 0; i < Commands; i++)
                {
                    var response = await restarted.Http.PostAsJsonAsync($"/api/v1/contacts/k{i % 10}/messages/inbound",
                        new { channel = "WhatsApp", channelMessageId = $"wamid.{i}", text = $"message {i} 🚀" });
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Assert.Equal("duplicate", body.RootElement.GetProperty("outcome").GetString()); // it was there
                }
                Assert.Equal(0, await restarted.TerminateAsync(TimeSpan.FromSeconds(60))); // graceful stop also stops PostgreSQL
            }
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the embedded PostgreSQL should be stopped with the engine");
        }
        finally
        {
            await StopLeftoverServerAsync(dataDirectory);
        }
    }

    private static async Task StopLeftoverServerAsync(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory)) return;
        if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            var server = await EmbeddedPostgres.EmbeddedPostgresServer.StartAsync(new EmbeddedPostgres.EmbeddedPostgresOptions { DataDirectory = dataDirectory, Throwaway = true });
            await server.DisposeAsync();
        }
        else Directory.Delete(dataDirectory, recursive: true);
    }
}

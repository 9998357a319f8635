using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InteractionEngine.Testing;
using Npgsql;

namespace InteractionEngine.Host.Tests.Failover;

/// <summary>
/// A journal event that cannot be read (its row damaged while the engine was down) stops only its conversation, with
/// the alert on /health/ready; the read-side pipeline goes past it and every other conversation serves on.
/// </summary>
public sealed class PoisonEventTests
{
    [Fact]
    public async Task An_unreadable_event_stops_only_its_conversation_with_an_alert_and_the_rest_serve_on()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("poison");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = cs, ["Serilog__MinimumLevel__Default"] = "Warning" };
        await using (var first = await EngineProcess.StartAsync(environment))
        {
            first.Http.As(TestKeys.AcmeRouting);
            await Inbound(first.Http, "p-bad", "p-bad.m1");
            await Inbound(first.Http, "p-ok", "p-ok.m1");
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(60)));
        }
        await DamageAfterLastEventAsync(cs, "conversation-acme:p-bad");

        await using var engine = await EngineProcess.StartAsync(environment);
        engine.Http.As(TestKeys.AcmeRouting);

        using (var refused = await PostInbound(engine.Http, "p-bad", "p-bad.m2"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var position = await Inbound(engine.Http, "p-ok", "p-ok.m2");

        // The pipeline met the damaged row before p-ok.m2 (a lower ordering) and went past it.
        var reader = new HttpClient { BaseAddress = engine.BaseAddress }.As(TestKeys.AcmeAgent1);
        Assert.Equal(["p-ok.m1", "p-ok.m2"], await FailoverTests.TranscriptIdsAsync(reader, "p-ok", position, DateTime.UtcNow.AddSeconds(30)));

        using var report = JsonDocument.Parse(await (await engine.Http.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        var alert = report.RootElement.GetProperty("checks").GetProperty("journal-events");
        Assert.Equal("Degraded", alert.GetProperty("status").GetString());
        Assert.Contains("conversation-acme:p-bad", alert.GetProperty("description").GetString());
    }

    private static Task<HttpResponseMessage> PostInbound(HttpClient node, string contact, string id) =>
        node.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WebChat", channelMessageId = id, text = "hello" });

    /// <returns>The answer's read position.</returns>
    private static async Task<string> Inbound(HttpClient node, string contact, string id)
    {
        using var response = await PostInbound(node, contact, id);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("position").GetString()!;
    }

    /// <summary>Appends a copy of the conversation's last journal row whose payload is not JSON, as damage would leave it.</summary>
    private static async Task DamageAfterLastEventAsync(string cs, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_name = 'journal' and column_name not in ('ordering', 'sequence_number', 'message') order by ordinal_position", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        var copy = string.Join(", ", columns);
        await using var insert = new NpgsqlCommand(
            $"insert into journal ({copy}, sequence_number, message) select {copy}, sequence_number + 1, convert_to('{{\"damaged', 'UTF8') " +
            "from journal where persistence_id = @id order by sequence_number desc limit 1", connection);
        insert.Parameters.AddWithValue("id", persistenceId);
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }
}

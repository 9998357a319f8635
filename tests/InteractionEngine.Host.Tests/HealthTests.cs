using System.Net;
using System.Text.Json;

namespace InteractionEngine.Host.Tests;

public class HealthTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    [Fact]
    public async Task Live_answers_200()
    {
        var response = await engine.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_reports_database_and_cluster_up()
    {
        var client = engine.CreateClient();
        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(30); // the cluster forms a moment after the host starts
        do response = await client.GetAsync("/health/ready");
        while (response.StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Pause());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Up", report.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").GetProperty("status").GetString());
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(100);
        return true;
    }
}

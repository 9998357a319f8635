using System.Net;
using InteractionEngine.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InteractionEngine.Host.Tests;

public class RateLimitTests(RateLimitTests.LowLimitEngine engine) : IClassFixture<RateLimitTests.LowLimitEngine>
{
    /// <summary>The engine with 5 requests per second per key, 50 for routing keys.</summary>
    public sealed class LowLimitEngine : WebApplicationFactory<Program>, IAsyncLifetime
    {
        private string _connectionString = "";
        public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("ratelimit");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
            builder.UseSetting("Akka:Port", "0");
            builder.UseSetting("Auth:RequestsPerSecondPerKey", "5");
            builder.UseSetting("Auth:RoutingRequestsPerSecondPerKey", "50");
        }

        async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
    }

    [Fact]
    public async Task Past_the_keys_rate_limit_requests_get_429_problem_details()
    {
        var client = engine.CreateClient().As(TestKeys.AcmeAgent1);
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++) statuses.Add(await client.GetAsync("/api/v1/unread"));

        var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.True(limited[0].Headers.Contains("Retry-After"));
        // Another key has its own bucket.
        Assert.Equal(HttpStatusCode.OK, (await engine.CreateClient().As(TestKeys.AcmeAnalyst).GetAsync("/api/v1/unread")).StatusCode);
    }

    [Fact]
    public async Task Routing_keys_have_their_own_higher_limit()
    {
        var routing = engine.CreateClient().As(TestKeys.GlobexRouting);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ => (await routing.GetAsync("/api/v1/unread")).StatusCode));
        // An agent-sized bucket (5/s, bursts of 10) would let about 10 through; the routing bucket holds 100.
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 60, string.Join(",", statuses));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}

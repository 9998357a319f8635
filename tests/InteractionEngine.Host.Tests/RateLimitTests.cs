using System.Net;
using InteractionEngine.Host.Security;
using InteractionEngine.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InteractionEngine.Host.Tests;

public class RateLimitTests(RateLimitTests.LowLimitEngine engine) : IClassFixture<RateLimitTests.LowLimitEngine>
{
    /// <summary>The engine with 5 requests per second per agent or analyst key (bursts of 10), 50 for routing keys.</summary>
    public sealed class LowLimitEngine : WebApplicationFactory<Program>, IAsyncLifetime
    {
        private string _connectionString = "";
        public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("ratelimit");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
            builder.UseSetting("Akka:Port", "0");
            builder.UseSetting("Auth:RateLimits:agent:PerSecond", "5");
            builder.UseSetting("Auth:RateLimits:agent:Burst", "10");
            builder.UseSetting("Auth:RateLimits:analyst:PerSecond", "5");
            builder.UseSetting("Auth:RateLimits:routing:PerSecond", "50");
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
    public async Task A_burst_from_one_agent_key_past_its_bucket_gets_429_with_Retry_After()
    {
        var client = engine.CreateClient().As(TestKeys.AcmeAgent2);
        // At once, so the bucket (burst 10, 5 a second) cannot refill in between: at most about 10 pass.
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/api/v1/unread")));

        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 1, 15);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 25, string.Join(",", responses.Select(r => (int)r.StatusCode)));
        Assert.All(limited, r => Assert.Equal("1", r.Headers.GetValues("Retry-After").Single()));
    }

    [Fact]
    public void The_retired_single_setting_is_refused_at_start_up_naming_the_new_one()
    {
        var configuration = Configuration(("Auth:RequestsPerSecondPerKey", "2000"));
        var refused = Assert.Throws<InvalidOperationException>(() => RateLimitSettings.From(configuration));
        Assert.Contains("Auth:RateLimits:{role}:PerSecond", refused.Message);
        Assert.Throws<InvalidOperationException>(() => RateLimitSettings.From(Configuration(("Auth:RoutingRequestsPerSecondPerKey", "1"))));
    }

    [Fact]
    public void Limits_are_per_role_with_agent_keys_sized_for_a_person_and_routing_keys_for_a_routing_layer()
    {
        var defaults = RateLimitSettings.From(Configuration());
        Assert.Equal((20, 40), (defaults.For(Roles.Agent).PerSecond, defaults.For(Roles.Agent).EffectiveBurst));
        Assert.Equal((10_000, 20_000), (defaults.For(Roles.Routing).PerSecond, defaults.For(Roles.Routing).EffectiveBurst));
        Assert.Equal(10_000, defaults.For(null).PerSecond); // keyless requests: channel webhooks

        var set = RateLimitSettings.From(Configuration(("Auth:RateLimits:agent:PerSecond", "7"), ("Auth:RateLimits:agent:Burst", "9")));
        Assert.Equal((7, 9), (set.For(Roles.Agent).PerSecond, set.For(Roles.Agent).EffectiveBurst));
        Assert.Throws<InvalidOperationException>(() => RateLimitSettings.From(Configuration(("Auth:RateLimits:agnet:PerSecond", "7"))));
        Assert.Throws<InvalidOperationException>(() => RateLimitSettings.From(Configuration(("Auth:RateLimits:agent:PerSecond", "0"))));
        Assert.Throws<InvalidOperationException>(() => RateLimitSettings.From(
            Configuration(("Auth:RateLimits:routing:PerSecond", "100"), ("Auth:RateLimits:routing:Burst", "10"))));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

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

using Microsoft.AspNetCore.Hosting;

namespace InteractionEngine.Host.Tests;

/// <summary>
/// Test engines drive many requests a second through one agent key (polling reads, load); the production limits of a
/// person's key (tens a second) would turn those into 429s. RateLimitTests keeps low limits on purpose.
/// </summary>
public static class TestRateLimits
{
    public static readonly IReadOnlyDictionary<string, string> Lifted = new Dictionary<string, string>
    {
        ["Auth:RateLimits:agent:PerSecond"] = "100000",
        ["Auth:RateLimits:analyst:PerSecond"] = "100000",
        ["Auth:RateLimits:admin:PerSecond"] = "100000",
    };

    public static IWebHostBuilder WithLiftedRateLimits(this IWebHostBuilder builder)
    {
        foreach (var (key, value) in Lifted) builder.UseSetting(key, value);
        return builder;
    }
}

namespace InteractionEngine.Host.Security;

/// <summary>One key's token bucket: <see cref="PerSecond"/> requests a second on average, bursts up to <see cref="Burst"/> (default twice that).</summary>
public sealed class RateLimit
{
    public int PerSecond { get; set; }
    public int? Burst { get; set; }
    public int EffectiveBurst => Burst ?? PerSecond * 2;
}

/// <summary>
/// Auth:RateLimits:{role}: what one API key of a role may do. A person's screen (agent, analyst) needs tens of requests a
/// second; a routing key usually feeds every interaction of a tenant, so it is sized for a routing layer, as is the
/// channel limit that applies to requests without a key (channel webhooks), per remote address.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "Auth:RateLimits";
    public const string Channel = "channel";

    public RateLimit Agent { get; set; } = new() { PerSecond = 20 };
    public RateLimit Analyst { get; set; } = new() { PerSecond = 20 };
    public RateLimit Admin { get; set; } = new() { PerSecond = 100 };
    public RateLimit Routing { get; set; } = new() { PerSecond = 10_000 };
    public RateLimit ChannelWebhooks { get; set; } = new() { PerSecond = 10_000 };

    private static readonly string[] Names = [.. Roles.All, Channel];
    private static readonly string[] RetiredKeys = ["Auth:RequestsPerSecondPerKey", "Auth:RoutingRequestsPerSecondPerKey"];

    /// <summary>The limit of a credential's role, or of keyless requests (<paramref name="role"/> null).</summary>
    public RateLimit For(string? role) => role switch
    {
        Roles.Agent => Agent,
        Roles.Analyst => Analyst,
        Roles.Admin => Admin,
        Roles.Routing => Routing,
        _ => ChannelWebhooks,
    };

    /// <summary>Reads the section and refuses, at start-up, what would silently not apply: the retired single settings, unknown roles, limits below 1.</summary>
    public static RateLimitSettings From(IConfiguration configuration)
    {
        foreach (var retired in RetiredKeys)
            if (configuration[retired] is not null)
                throw new InvalidOperationException(
                    $"{retired} is no longer read: rate limits are set per role under {Section}:{{role}}:PerSecond and :Burst " +
                    $"(roles {string.Join(", ", Names)}); see docs/operations.md");
        var section = configuration.GetSection(Section);
        var settings = new RateLimitSettings();
        foreach (var child in section.GetChildren())
        {
            if (!Names.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{Section}:{child.Key}: not a role; use one of {string.Join(", ", Names)}");
            var limit = settings.For(child.Key.Equals(Channel, StringComparison.OrdinalIgnoreCase) ? null : child.Key.ToLowerInvariant());
            child.Bind(limit);
            // The bucket never holds more than Burst, so a Burst below PerSecond would quietly lower the rate.
            if (limit.PerSecond < 1 || limit.EffectiveBurst < limit.PerSecond)
                throw new InvalidOperationException($"{Section}:{child.Key}: PerSecond must be at least 1 and Burst at least PerSecond");
        }
        return settings;
    }
}

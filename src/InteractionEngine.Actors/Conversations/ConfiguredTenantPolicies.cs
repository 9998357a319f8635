using InteractionEngine.Domain.Conversations;

using Microsoft.Extensions.Configuration;

namespace InteractionEngine.Actors.Conversations;

/// <summary>Tenant policies from the "Tenants" config section: Tenants:{id}:ReopenWindow, IdleAlertAfter, IdleCloseAfter, WriteAfterDone (true/false).</summary>
public sealed class ConfiguredTenantPolicies(IConfiguration configuration) : ITenantPolicies
{
    private readonly Dictionary<string, TenantPolicy> _policies = Load(configuration.GetSection("Tenants"));

    public TenantPolicy For(string tenant) => _policies.GetValueOrDefault(tenant, TenantPolicy.Default);

    private static Dictionary<string, TenantPolicy> Load(IConfigurationSection tenants) =>
        tenants.GetChildren().ToDictionary(t => t.Key, t => new TenantPolicy(
            Duration(t, "ReopenWindow") ?? TenantPolicy.Default.ReopenWindow,
            t["IdleAlertAfter"] == "off" ? null : Duration(t, "IdleAlertAfter") ?? TenantPolicy.Default.IdleAlertAfter,
            t["IdleCloseAfter"] == "off" ? null : Duration(t, "IdleCloseAfter") ?? TenantPolicy.Default.IdleCloseAfter,
            Flag(t, "WriteAfterDone") ?? TenantPolicy.Default.WriteAfterDone));

    private static bool? Flag(IConfigurationSection tenant, string key) => tenant[key] switch
    {
        null or "" => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new InvalidOperationException($"Tenants:{tenant.Key}:{key} = '{text}' is not true or false"),
    };

    private static TimeSpan? Duration(IConfigurationSection tenant, string key) => tenant[key] switch
    {
        null or "" => null,
        var text when TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero => value,
        var text => throw new InvalidOperationException($"Tenants:{tenant.Key}:{key} = '{text}' is not a duration (hh:mm:ss) or 'off'"),
    };
}

using InteractionEngine.Domain.Conversations;

using Microsoft.Extensions.Configuration;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// Tenant policies from the "Tenants" config section: Tenants:{id}:ReopenWindow, IdleAlertAfter, IdleCloseAfter, WriteAfterDone (true/false),
/// WrapUp:Codes (a list of { Code, Label }) and WrapUp:Required (true/false).
/// </summary>
public sealed class ConfiguredTenantPolicies(IConfiguration configuration) : ITenantPolicies
{
    private readonly Dictionary<string, TenantPolicy> _policies = Load(configuration.GetSection("Tenants"));

    public TenantPolicy For(string tenant) => _policies.GetValueOrDefault(tenant, TenantPolicy.Default);

    private static Dictionary<string, TenantPolicy> Load(IConfigurationSection tenants) =>
        tenants.GetChildren().ToDictionary(t => t.Key, t => new TenantPolicy(
            Duration(t, "ReopenWindow") ?? TenantPolicy.Default.ReopenWindow,
            t["IdleAlertAfter"] == "off" ? null : Duration(t, "IdleAlertAfter") ?? TenantPolicy.Default.IdleAlertAfter,
            t["IdleCloseAfter"] == "off" ? null : Duration(t, "IdleCloseAfter") ?? TenantPolicy.Default.IdleCloseAfter,
            Flag(t, "WriteAfterDone") ?? TenantPolicy.Default.WriteAfterDone,
            WrapUp(t)));

    private static WrapUpPolicy? WrapUp(IConfigurationSection tenant)
    {
        var section = tenant.GetSection("WrapUp");
        if (!section.Exists()) return null;
        var codes = section.GetSection("Codes").GetChildren().Select(c => new WrapUpCode(
            c["Code"] is { Length: > 0 } code ? code : throw new InvalidOperationException($"{c.Path}:Code is required"),
            c["Label"] is { Length: > 0 } label ? label : code)).ToList();
        if (codes.GroupBy(c => c.Code).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"{section.Path}:Codes lists '{twice.Key}' twice");
        var required = Flag(section, "Required") ?? false;
        if (required && codes.Count == 0)
            throw new InvalidOperationException($"{section.Path}:Required is true but no codes are configured");
        return new WrapUpPolicy(codes, required);
    }

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

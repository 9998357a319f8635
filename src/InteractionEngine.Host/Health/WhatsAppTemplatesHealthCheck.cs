using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Templates;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Health;

/// <summary>
/// Every known tenant's WhatsApp template catalog (its own, or the default): Degraded, naming the tenants and files, when
/// one cannot be loaded. Degraded rather than Unhealthy: the engine still serves everything else, and other tenants' templates.
/// </summary>
public sealed class WhatsAppTemplatesHealthCheck(TemplateCatalogProvider catalogs, IOptions<WhatsAppChannelOptions> channel, IConfiguration configuration)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var broken = new List<string>();
        foreach (var tenant in KnownTenants())
        {
            var source = catalogs.For(tenant);
            data[tenant] = source.Problem ?? $"{source.Catalog!.Templates.Count} templates from {source.Path}";
            if (source.Problem is not null) broken.Add(tenant);
        }
        var fallback = catalogs.Default;
        data["(default)"] = fallback.Problem ?? $"{fallback.Catalog!.Templates.Count} templates from {fallback.Path}";
        if (fallback.Problem is not null && broken.Count == 0) broken.Add("(default)");
        return Task.FromResult(broken.Count == 0
            ? HealthCheckResult.Healthy("every tenant's WhatsApp template catalog is loaded", data)
            : HealthCheckResult.Degraded($"WhatsApp template catalog not loaded for {string.Join(", ", broken)}: their template endpoints answer 503", data: data));
    }

    /// <summary>Tenants with settings, with a business number or with their own catalog.</summary>
    private IEnumerable<string> KnownTenants() =>
        configuration.GetSection("Tenants").GetChildren().Select(t => t.Key)
            .Concat(channel.Value.Numbers.Select(n => n.Tenant))
            .Concat(catalogs.TenantsWithOwnCatalog)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
}

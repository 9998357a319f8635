using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>A tenant's template catalog as loaded from its file: the catalog, or why it could not be loaded.</summary>
/// <param name="Path">The file, resolved (relative paths are next to the binary).</param>
/// <param name="Problem">What is wrong with the file (unreadable, not JSON, missing members, WhatsApp's rules); null when loaded.</param>
public sealed record TemplateCatalogSource(string Path, TemplateCatalog? Catalog, string? Problem);

/// <summary>
/// Each tenant's template catalog: <c>Tenants:{id}:WhatsApp:TemplatesPath</c>, else the default <c>WhatsApp:TemplatesPath</c>.
/// Each file is loaded once, on first use; a broken file is logged and answered as a <see cref="TemplateCatalogSource.Problem"/>,
/// so only the tenants using it lose their templates (fixing it takes a restart).
/// </summary>
public sealed class TemplateCatalogProvider(IOptions<WhatsAppChannelOptions> options, ILogger<TemplateCatalogProvider> log)
{
    // By resolved path: tenants sharing a file share one load (and one log line when it is broken).
    private readonly ConcurrentDictionary<string, Lazy<TemplateCatalogSource>> _byPath = new(StringComparer.Ordinal);

    /// <summary>The tenant's catalog (its own file, else the default).</summary>
    public TemplateCatalogSource For(string tenant) =>
        Load(options.Value.TenantTemplatesPaths.TryGetValue(tenant, out var own) && !string.IsNullOrWhiteSpace(own) ? own : options.Value.TemplatesPath);

    /// <summary>The default catalog (tenants without their own file).</summary>
    public TemplateCatalogSource Default => Load(options.Value.TemplatesPath);

    /// <summary>The tenants with their own catalog file, in name order.</summary>
    public IReadOnlyList<string> TenantsWithOwnCatalog =>
        options.Value.TenantTemplatesPaths.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    private TemplateCatalogSource Load(string configured)
    {
        var path = Path.IsPathRooted(configured) ? configured : Path.Combine(AppContext.BaseDirectory, configured);
        return _byPath.GetOrAdd(path, p => new Lazy<TemplateCatalogSource>(() => Read(p))).Value;
    }

    private TemplateCatalogSource Read(string path)
    {
        try
        {
            return new TemplateCatalogSource(path, TemplateCatalog.Load(path), null);
        }
        catch (TemplateCatalogException e)
        {
            log.LogError("WhatsApp template catalog {Path} is invalid; its tenants' notifications are refused: {Problems}", path, e.Problems);
            return new TemplateCatalogSource(path, null, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError(e, "WhatsApp template catalog {Path} could not be read; its tenants' notifications are refused", path);
            return new TemplateCatalogSource(path, null, $"{path}: could not be read: {e.Message}");
        }
    }
}

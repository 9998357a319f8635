using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>The template catalog (WhatsApp:TemplatesPath, next to the binary), loaded once; null with a logged reason when it is missing or invalid.</summary>
public sealed class TemplateCatalogProvider
{
    private readonly Lazy<TemplateCatalog?> _catalog;

    public TemplateCatalogProvider(IOptions<WhatsAppChannelOptions> options, ILogger<TemplateCatalogProvider> log)
    {
        _catalog = new Lazy<TemplateCatalog?>(() =>
        {
            var path = Path.IsPathRooted(options.Value.TemplatesPath) ? options.Value.TemplatesPath : Path.Combine(AppContext.BaseDirectory, options.Value.TemplatesPath);
            try
            {
                return TemplateCatalog.Load(path);
            }
            catch (Exception e) when (e is IOException or TemplateCatalogException or UnauthorizedAccessException)
            {
                log.LogError(e, "WhatsApp template catalog {Path} could not be loaded; notifications are refused", path);
                return null;
            }
        });
    }

    public TemplateCatalog? Catalog => _catalog.Value;
}

using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Channels;

/// <summary>The WhatsApp channel in the host: webhook, outbound dispatcher, notification and channel endpoints.</summary>
public static class WhatsAppSetup
{
    public static IServiceCollection AddWhatsAppChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WhatsAppChannelOptions>(configuration.GetSection(WhatsAppChannelOptions.Section));
        services.Configure<WhatsAppDispatcherOptions>(configuration.GetSection(WhatsAppDispatcherOptions.Section));
        services.AddWhatsAppCloudClient(configuration.GetSection(WhatsAppCloudOptions.Section));
        services.AddSingleton<TemplateCatalogProvider>();
        services.AddSingleton<WhatsAppContacts>();
        services.AddSingleton<WhatsAppWebhookHandler>();
        // Run as a cluster singleton: Program.cs adds WhatsAppDispatcherHosting.AddWhatsAppDispatcher to the actor system.
        services.AddSingleton<WhatsAppDispatcher>();
        return services;
    }

    public static void MapWhatsAppChannel(this IEndpointRouteBuilder app)
    {
        app.MapWhatsAppWebhook();
        app.MapWhatsAppAgentEndpoints();
    }
}

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

using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.WhatsApp.Agents;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Inbound;
using InteractionEngine.Channels.WhatsApp.Media;
using InteractionEngine.Channels.WhatsApp.Outbound;
using InteractionEngine.Channels.WhatsApp.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Channels.WhatsApp;

public static class WhatsAppChannelRegistration
{
    public const string DispatcherSingletonName = "whatsapp-dispatcher";
    public const string MediaFetcherSingletonName = "whatsapp-media-fetcher";

    /// <summary>
    /// The WhatsApp channel: options (WhatsApp, WhatsApp:Cloud, WhatsApp:Dispatcher), the Cloud API client, the webhook
    /// handler, the template composer for agents' actions, and the outbound dispatcher as a cluster singleton journal
    /// follower (applied when the actor system is built), and the contact media fetcher, another such follower. Needs the engine storage and <c>IConversations</c> in DI.
    /// </summary>
    public static IServiceCollection AddWhatsAppChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WhatsAppChannelOptions>(configuration.GetSection(WhatsAppChannelOptions.Section));
        // Per-tenant settings live with the tenant (Tenants:{id}:…), as the tenant policies do.
        services.PostConfigure<WhatsAppChannelOptions>(o =>
        {
            foreach (var tenant in configuration.GetSection("Tenants").GetChildren())
                if (tenant["WhatsApp:TemplatesPath"] is { Length: > 0 } path) o.TenantTemplatesPaths[tenant.Key] = path;
        });
        services.Configure<WhatsAppDispatcherOptions>(configuration.GetSection(WhatsAppDispatcherOptions.Section));
        services.AddWhatsAppCloudClient(configuration.GetSection(WhatsAppCloudOptions.Section));
        services.AddSingleton<TemplateCatalogProvider>();
        services.AddSingleton<WhatsAppContacts>();
        services.AddSingleton<TemplateComposer>();
        services.AddSingleton<WhatsAppStatusHandler>();
        services.AddSingleton<WhatsAppWebhookHandler>();
        services.AddSingleton<CloudSender>();
        services.AddSingleton<ConversationRecorder>();
        services.AddSingleton<DispatchHandler>();
        services.AddSingleton<WhatsAppDispatcher>();
        services.Configure<MediaFetchOptions>(configuration.GetSection(MediaFetchOptions.Section));
        services.AddSingleton<MediaFetchHandler>();
        services.AddSingleton<WhatsAppMediaFetcher>();
        services.AddJournalFollower<WhatsAppMediaFetcher>(MediaFetcherSingletonName, sp => sp.GetRequiredService<WhatsAppMediaFetcher>());
        return services.AddJournalFollower<WhatsAppDispatcher>(DispatcherSingletonName, sp => sp.GetRequiredService<WhatsAppDispatcher>());
    }
}

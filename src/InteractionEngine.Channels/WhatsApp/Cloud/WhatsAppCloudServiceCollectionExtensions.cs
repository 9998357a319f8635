using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

public static class WhatsAppCloudServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WhatsAppCloudClient"/> as a typed HttpClient bound to <paramref name="section"/>
    /// (<c>WhatsApp:Cloud</c>). Retries live in the client, not in a handler, because whether a retry is safe depends on
    /// the Graph answer's body; HttpClient's own timeout is lifted above the per-attempt timeout so it never cuts in first.
    /// </summary>
    public static IHttpClientBuilder AddWhatsAppCloudClient(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<WhatsAppCloudOptions>().Bind(section)
            .Validate(o => o.Problem() is null, $"{WhatsAppCloudOptions.Section} is incomplete (BaseUrl, ApiVersion, AccessToken, retry settings)");
        services.TryAddSingleton(TimeProvider.System);
        return services.AddHttpClient<WhatsAppCloudClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A connect that times out means nothing was sent, so the client may retry it (see AttemptAsync).
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of graph.facebook.com
                // Redirects are followed by hand, only to allowed hosts, so the access token never leaves for another host.
                AllowAutoRedirect = false,
            });
    }
}

namespace InteractionEngine.Host.Channels;

/// <summary>The WhatsApp channel's HTTP side (its services and dispatcher: <c>AddWhatsAppChannel</c> in InteractionEngine.Channels).</summary>
public static class WhatsAppSetup
{
    public static void MapWhatsAppChannel(this IEndpointRouteBuilder app)
    {
        app.MapWhatsAppWebhook();
        app.MapWhatsAppAgentEndpoints();
    }
}

using InteractionEngine.Channels.WhatsApp.Webhooks;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>Webhook bodies under Payloads/, written from Meta's documented format.</summary>
internal static class Payloads
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static WhatsAppWebhook Parse(string name)
    {
        var result = WhatsAppWebhookParser.Parse(Bytes(name));
        Assert.True(result.IsValid, result.Error);
        return result.Webhook!;
    }
}

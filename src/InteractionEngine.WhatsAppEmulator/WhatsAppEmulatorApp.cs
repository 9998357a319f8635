using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// A local stand-in for the WhatsApp Cloud API: the messages endpoint with the platform's answers and errors, signed
/// status webhooks back to the engine, and a control API that makes simulated contacts write. Program.cs runs it;
/// tests build it in-process on a free loopback port (--urls http://127.0.0.1:0) and read <see cref="EmulatorState"/>.
/// </summary>
public static class WhatsAppEmulatorApp
{
    public static WebApplication Build(string[] args, Action<EmulatorOptions>? configure = null)
    {
        // Configuration ships next to the binary, so `dotnet run --project …` works from any folder.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddOptions<EmulatorOptions>()
            .Bind(builder.Configuration.GetSection(EmulatorOptions.Section))
            .PostConfigure(o => configure?.Invoke(o));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmulatorOptions>>().Value);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmulatorState>();
        builder.Services.AddSingleton<TemplateRegistry>();
        builder.Services.AddSingleton<WebhookPoster>();
        builder.Services.AddSingleton<StatusScheduler>();
        builder.Services.AddHttpClient(WebhookPoster.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        app.MapGet("/", (EmulatorOptions o) => Results.Json(new
        {
            emulator = "WhatsApp Cloud API",
            send = "POST /{version}/{phone-number-id}/messages (Bearer token)",
            phoneNumbers = o.EffectivePhoneNumbers,
            callbackUrl = o.CallbackUrl,
            control = new[] { "POST /emulator/contacts/{wa_id}/messages", "GET /emulator/sends", "GET /emulator/webhooks", "POST /emulator/webhooks (sign and post any body)", "POST /emulator/faults", "POST /emulator/reset" },
        }));
        app.MapMessages();
        app.MapMedia();
        app.MapControl();
        return app;
    }
}

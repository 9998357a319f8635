using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.WhatsAppEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>The emulator and a webhook listener, both on free 127.0.0.1 ports, wired to each other; one per test.</summary>
internal sealed class EmulatorEnvironment : IAsyncDisposable
{
    public const string AppSecret = "test-app-secret";
    public const string VerifyToken = "test-verify-token";
    public const string Token = "test-token";
    public const string PhoneNumberId = "106540352242922";
    public const string DisplayNumber = "15550783881";

    private readonly WebApplication _emulator;

    private EmulatorEnvironment(WebApplication emulator, WebhookListener listener, string baseUrl)
    {
        _emulator = emulator;
        Listener = listener;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public WebhookListener Listener { get; }
    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public EmulatorState State => _emulator.Services.GetRequiredService<EmulatorState>();

    public static async Task<EmulatorEnvironment> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var listener = await WebhookListener.StartAsync(AppSecret, VerifyToken);
        var emulator = WhatsAppEmulatorApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], o =>
        {
            o.AccessTokens = [Token];
            o.AppSecret = AppSecret;
            o.CallbackUrl = listener.Url;
            o.PhoneNumbers = [new BusinessNumber { PhoneNumberId = PhoneNumberId, DisplayPhoneNumber = DisplayNumber }];
            o.AllowedRecipients = [];
            o.UnreachableNumbers = [];
            o.RateLimitNext = 0;
            o.TemplatesPath = "";
            o.StatusDelays = new StatusDelays { Sent = TimeSpan.FromMilliseconds(20), Delivered = TimeSpan.FromMilliseconds(40), Read = TimeSpan.FromMilliseconds(60) };
            o.WebhookRetryDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        });
        await emulator.StartAsync();
        return new EmulatorEnvironment(emulator, listener, emulator.Urls.Single());
    }

    public WhatsAppCloudClient Client(Action<WhatsAppCloudOptions>? configure = null)
    {
        var options = new WhatsAppCloudOptions
        {
            BaseUrl = BaseUrl,
            ApiVersion = "v21.0",
            PhoneNumberId = PhoneNumberId,
            AccessToken = Token,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new WhatsAppCloudClient(new HttpClient(), Options.Create(options), TimeProvider.System, NullLogger<WhatsAppCloudClient>.Instance);
    }

    /// <summary>The client as the engine registers it (<see cref="WhatsAppCloudServiceCollectionExtensions.AddWhatsAppCloudClient"/>): its handler, its redirect rule.</summary>
    public WhatsAppCloudClient RegisteredClient()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BaseUrl"] = BaseUrl, ["ApiVersion"] = "v21.0", ["PhoneNumberId"] = PhoneNumberId, ["AccessToken"] = Token, ["AttemptTimeout"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging().AddWhatsAppCloudClient(section);
        return services.BuildServiceProvider().GetRequiredService<WhatsAppCloudClient>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _emulator.StopAsync();
        await _emulator.DisposeAsync();
        await Listener.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Host.Channels;
using InteractionEngine.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>
/// The engine on a real loopback port (so the emulator can post webhooks to it), on a fresh database, with WhatsApp
/// configured for tests: number 106540352242922 belongs to acme, 208765432109876 to globex, the Cloud API is
/// <see cref="EmulatorUrl"/> (started only by the tests that need it).
/// </summary>
public class WhatsAppEngine : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AppSecret = "test-app-secret";
    public const string VerifyToken = "test-verify-token";
    public const string AcmeNumberId = "106540352242922";
    public const string GlobexNumberId = "208765432109876";
    public const string AccessToken = "emulator-token";

    private string _connectionString = "";

    public string ConnectionString => _connectionString;

    public int Port { get; } = TestPorts.Free();
    public int EmulatorPort { get; } = TestPorts.Free();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string EmulatorUrl => $"http://127.0.0.1:{EmulatorPort}";
    public string WebhookUrl => BaseUrl + WhatsAppWebhookEndpoint.Path;

    /// <summary>Whether the outbound dispatcher runs (webhook-only tests switch it off to control statuses themselves).</summary>
    protected virtual bool Dispatcher => true;

    public virtual async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("whatsapp");
        UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = _connectionString,
            ["Akka:Port"] = "0",
            ["Conversations:AskTimeout"] = "00:00:03",
            ["Urls"] = BaseUrl,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["WhatsApp:AppSecret"] = AppSecret,
            ["WhatsApp:VerifyToken"] = VerifyToken,
            ["WhatsApp:Numbers:0:PhoneNumberId"] = AcmeNumberId,
            ["WhatsApp:Numbers:0:Tenant"] = "acme",
            ["WhatsApp:Numbers:1:PhoneNumberId"] = GlobexNumberId,
            ["WhatsApp:Numbers:1:Tenant"] = "globex",
            ["WhatsApp:Cloud:BaseUrl"] = EmulatorUrl,
            ["WhatsApp:Cloud:PhoneNumberId"] = AcmeNumberId,
            ["WhatsApp:Cloud:AccessToken"] = AccessToken,
            ["WhatsApp:Cloud:MaxAttempts"] = "2",
            ["WhatsApp:Cloud:RetryBaseDelay"] = "00:00:00.050",
            ["WhatsApp:Cloud:RetryMaxDelay"] = "00:00:00.200",
            ["WhatsApp:Cloud:AttemptTimeout"] = "00:00:05",
            ["WhatsApp:Dispatcher:Enabled"] = Dispatcher ? "true" : "false",
            ["WhatsApp:Dispatcher:UnknownOutcomeGrace"] = "00:00:02",
            // Without a Cloud API to fetch from (the webhook-only engine), contacts' media stays pending.
            ["WhatsApp:MediaFetch:Enabled"] = Dispatcher ? "true" : "false",
            ["WhatsApp:MediaFetch:RetryBaseDelay"] = "00:00:00.050",
            ["WhatsApp:MediaFetch:RetryMaxDelay"] = "00:00:00.200",
            // globex requires a wrap-up code on Done (WrapUpAndNoteEndToEndTests); acme keeps the default (none).
            ["Tenants:globex:WrapUp:Required"] = "true",
            ["Tenants:globex:WrapUp:Codes:0:Code"] = "resolved",
            ["Tenants:globex:WrapUp:Codes:0:Label"] = "Resolved",
            ["Tenants:globex:WrapUp:Codes:1:Code"] = "callback",
            ["Tenants:globex:WrapUp:Codes:1:Label"] = "Call back later",
        };
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.WithLiftedRateLimits();
    }

    /// <summary>The routing layer hands the contact's WhatsApp interaction to agent-1.</summary>
    public async Task RouteToAgentAsync(string contact, string reason = "skill:whatsapp")
    {
        using var routing = Client(TestKeys.AcmeRouting);
        (await routing.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/route",
            new { channel = "WhatsApp", agentId = "agent-1", reason })).EnsureSuccessStatusCode();
    }

    public HttpClient Client(string? key = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        return key is null ? http : http.As(key);
    }

    /// <summary>POSTs a body as Meta would: raw bytes, signed with the app secret (or the given signature).</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string json, string? signature = null, bool sign = true)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, WhatsAppWebhookEndpoint.Path) { Content = new ByteArrayContent(bytes) };
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (sign) request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature ?? WebhookSignature.Compute(bytes, AppSecret));
        // A refused oversized body is answered before it is read; without 100-continue the client may still be writing
        // it when the server closes, and see a broken pipe instead of the 413.
        request.Headers.ExpectContinue = bytes.Length > 1024 * 1024;
        using var http = Client();
        return await http.SendAsync(request);
    }

    public async Task<IReadOnlyList<JsonElement>> TranscriptAsync(string contact)
    {
        using var http = Client(TestKeys.AcmeAgent1);
        var response = await http.GetAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/transcript?order=OldestFirst&pageSize=200");
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return doc.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() is "Message" or "Notification" or "Reaction").ToList();
    }

    /// <summary>Waits for the read side: the transcript's message lines once <paramref name="done"/> holds.</summary>
    public async Task<IReadOnlyList<JsonElement>> TranscriptWhenAsync(string contact, Func<IReadOnlyList<JsonElement>, bool> done, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        IReadOnlyList<JsonElement> lines = [];
        while (DateTime.UtcNow < deadline)
        {
            lines = await TranscriptAsync(contact);
            if (done(lines)) return lines;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; transcript: {JsonSerializer.Serialize(lines)}");
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

}

/// <summary>The engine with its dispatcher off: tests post statuses themselves.</summary>
public sealed class WhatsAppWebhookEngine : WhatsAppEngine
{
    protected override bool Dispatcher => false;
}

/// <summary>The webhook payloads of the Channels tests (Meta's documented shapes), made unique per test.</summary>
public static class WebhookPayloads
{
    private static readonly string Folder = Path.Combine(Checkout.Root, "tests", "InteractionEngine.Channels.Tests", "Payloads");

    /// <summary>The fixture with Ana's number replaced by <paramref name="waId"/>, every wamid made unique with <paramref name="run"/> and timestamps set to now.</summary>
    public static string Load(string name, string waId, string run)
    {
        var json = File.ReadAllText(Path.Combine(Folder, name + ".json"));
        return Personalize(json, waId, run);
    }

    public static string Personalize(string json, string waId, string run)
    {
        json = json.Replace("351912345678", waId, StringComparison.Ordinal).Replace("wamid.", $"wamid.{run}.", StringComparison.Ordinal);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Regex.Replace(json, "\"timestamp\": *\"\\d+\"", $"\"timestamp\": \"{now}\"");
    }

    public static string NewWaId() => "35191" + Random.Shared.NextInt64(1_000_000, 9_999_999);
    public static string NewRun() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>A statuses webhook for the acme number.</summary>
    public static string Statuses(params object[] statuses) => JsonSerializer.Serialize(Envelope(new { messaging_product = "whatsapp", metadata = AcmeMetadata, statuses }));

    /// <summary>A messages webhook for the acme number: <paramref name="messages"/> from <paramref name="waId"/>, whose profile name is <paramref name="profileName"/>.</summary>
    public static object Messages(string waId, string profileName, params object[] messages) => Envelope(new
    {
        messaging_product = "whatsapp",
        metadata = AcmeMetadata,
        contacts = new[] { new { profile = new { name = profileName }, wa_id = waId } },
        messages,
    });

    private static readonly object AcmeMetadata = new { display_phone_number = "15550783881", phone_number_id = WhatsAppEngine.AcmeNumberId };

    /// <summary>The Graph envelope of one "messages" change of the business account.</summary>
    private static object Envelope(object value) => new
    {
        @object = "whatsapp_business_account",
        entry = new[] { new { id = "102290129340398", changes = new[] { new { field = "messages", value } } } },
    };

    public static object Status(string wamid, string status, string recipient, string? callbackData = null, int? errorCode = null) => new Dictionary<string, object?>
    {
        ["id"] = wamid,
        ["status"] = status,
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
        ["recipient_id"] = recipient,
        ["biz_opaque_callback_data"] = callbackData,
        ["errors"] = errorCode is { } code ? new[] { new { code, title = "Message undeliverable", message = "Message undeliverable", error_data = new { details = "Message Undeliverable." } } } : null,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
}

/// <summary>The repository checkout the tests run from (the folder with InteractionEngine.sln).</summary>
internal static class Checkout
{
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InteractionEngine.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no InteractionEngine.sln above {AppContext.BaseDirectory}");
    }
}

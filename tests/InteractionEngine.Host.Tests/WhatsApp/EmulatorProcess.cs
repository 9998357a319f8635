using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>
/// The WhatsApp Cloud API emulator as a real process on 127.0.0.1 (its built output; built here when missing), posting
/// signed webhooks to the engine. A process rather than in-process so this test project needs no reference to it.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    public HttpClient Http { get; }

    private EmulatorProcess(Process process, ConcurrentQueue<string> output, string url)
    {
        _process = process;
        _output = output;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<EmulatorProcess> StartAsync(WhatsAppEngine engine, params string[] settings)
    {
        var project = Path.Combine(Checkout.Root, "src", "InteractionEngine.WhatsAppEmulator");
        var dll = Path.Combine(project, "bin", "Debug", "net10.0", "InteractionEngine.WhatsAppEmulator.dll");
        // Built when missing or older than its sources (this test project does not reference it, so nothing else rebuilds it).
        var stale = !File.Exists(dll) || Directory.EnumerateFiles(project, "*.cs", SearchOption.TopDirectoryOnly)
            .Any(f => File.GetLastWriteTimeUtc(f) > File.GetLastWriteTimeUtc(dll));
        if (stale)
        {
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", "Debug"]) { RedirectStandardOutput = true })!;
            await build.StandardOutput.ReadToEndAsync();
            await build.WaitForExitAsync();
        }
        string[] args =
        [
            dll, "--urls", engine.EmulatorUrl,
            $"--Emulator:AppSecret={WhatsAppEngine.AppSecret}",
            $"--Emulator:CallbackUrl={engine.WebhookUrl}",
            $"--Emulator:AccessTokens:0={WhatsAppEngine.AccessToken}",
            $"--Emulator:PhoneNumbers:0:PhoneNumberId={WhatsAppEngine.AcmeNumberId}",
            "--Emulator:PhoneNumbers:0:DisplayPhoneNumber=15550783881",
            "--Emulator:UnreachableNumbers:0=15550009999",
            "--Emulator:UnreachableNumbers:1=351939999999",
            "--Emulator:StatusDelays:Sent=00:00:00.050",
            "--Emulator:StatusDelays:Delivered=00:00:00.150",
            "--Emulator:StatusDelays:Read=00:00:00.300",
            "--Emulator:WebhookRetryDelay=00:00:00.100",
            // As the platform: free-form messages only within 24 h of the contact's last message through the emulator.
            "--Emulator:EnforceCustomerServiceWindow=true",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var emulator = new EmulatorProcess(process, output, engine.EmulatorUrl);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await emulator.Http.GetAsync("/")).IsSuccessStatusCode) return emulator;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        await emulator.DisposeAsync();
        throw new InvalidOperationException("The emulator did not start:\n" + string.Join("\n", output.TakeLast(30)));
    }

    /// <summary>A simulated contact writes; the emulator posts the signed webhook to the engine before answering.</summary>
    public async Task<JsonElement> ContactWritesAsync(string waId, object message)
    {
        var response = await Http.PostAsJsonAsync($"/emulator/contacts/{waId}/messages", message);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"emulator refused the contact's message: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task<JsonElement> SendsAsync() => JsonDocument.Parse(await Http.GetStringAsync("/emulator/sends")).RootElement;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

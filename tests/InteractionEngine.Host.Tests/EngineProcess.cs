using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace InteractionEngine.Host.Tests;

/// <summary>
/// The engine as a real OS process (the built Host binary), for what only a process can show:
/// SIGKILL, SIGTERM and the embedded database.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    private EngineProcess(Process process, Uri baseAddress, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<EngineProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = TestPorts.Free();
        var hostDll = Path.Combine(AppContext.BaseDirectory, "InteractionEngine.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Akka__Port"] = "0";
        foreach (var (key, value) in TestRateLimits.Lifted) start.Environment[key.Replace(":", "__")] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var engine = new EngineProcess(process, new Uri($"http://127.0.0.1:{port}"), output);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            try
            {
                if ((await engine.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return engine;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        await engine.DisposeAsync();
        throw new InvalidOperationException("The engine did not become ready:\n" + string.Join("\n", output.TakeLast(40)));
    }

    /// <summary>The last lines the process wrote (its log), for a failing test to show.</summary>
    public string OutputTail(int lines = 60) => string.Join("\n", _output.TakeLast(lines));

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: graceful shutdown (leave the cluster, stop the embedded database).</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

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

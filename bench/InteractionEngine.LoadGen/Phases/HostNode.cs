using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>
/// One Host process of a multi-node run: its HTTP and Akka ports on 127.0.0.1, the given environment, its last output
/// lines kept for a failure message. Registered with <see cref="ChildProcesses"/>, so it dies with the bench.
/// </summary>
public sealed class HostNode : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private StreamWriter? _log;

    private HostNode(int index, Process process, int httpPort, int akkaPort)
    {
        Index = index;
        Process = process;
        HttpPort = httpPort;
        AkkaPort = akkaPort;
    }

    public int Index { get; }
    public Process Process { get; }
    public int HttpPort { get; }
    public int AkkaPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");
    public bool Killed { get; private set; }

    /// <param name="logFolder">When given, the node's whole output goes to node-{index}.log there (e.g. to read Akka's failover timeline).</param>
    public static HostNode Start(int index, string hostDll, int akkaPort, IReadOnlyDictionary<string, string> environment, string? logFolder = null)
    {
        var httpPort = FreePort();
        var start = new ProcessStartInfo("dotnet", [hostDll])
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["Urls"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Akka__Hostname"] = "127.0.0.1";
        start.Environment["Akka__Port"] = akkaPort.ToString();
        var node = new HostNode(index, ChildProcesses.Start(start), httpPort, akkaPort);
        if (logFolder is not null)
        {
            Directory.CreateDirectory(logFolder);
            node._log = new StreamWriter(Path.Combine(logFolder, $"node-{index}.log")) { AutoFlush = true };
        }
        node.Process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        node.Process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        node.Process.BeginOutputReadLine();
        node.Process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until /health/ready answers 200 and the node sees <paramref name="members"/> cluster members.</summary>
    public async Task WaitReadyAsync(HttpClient http, int members, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "";
        while (DateTime.UtcNow < deadline && !Process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK &&
                    System.Text.Json.JsonDocument.Parse(last).RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").GetProperty("members").GetInt32() >= members)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or a slow start
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"node {Index} did not become ready with {members} members (exited: {Process.HasExited}; last health: {last}); its last output:\n" +
                                            string.Join("\n", _output.TakeLast(30)));
    }

    /// <summary>SIGKILL: no shutdown hook, no leaving the cluster; the others must detect it.</summary>
    public async Task KillAsync()
    {
        Killed = true;
        Process.Kill(entireProcessTree: false);
        await Process.WaitForExitAsync();
        ChildProcesses.Forget(Process);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Killed) await ChildProcesses.StopAsync(Process, TimeSpan.FromSeconds(20));
        Process.Dispose();
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
            _log?.WriteLine(line);
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>
/// Phase 2: the real Host as a child process on 127.0.0.1 (its own Release/Debug output, on the bench database,
/// Akka on a free port, Serilog at Warning), driven with many concurrent POST .../messages/inbound requests.
/// Each answer comes after the events are durable, so a 200 is an acknowledgement.
/// </summary>
public static class HttpPhase
{
    // A routing-role API key for the bench tenant, added to the Host's credentials through the environment.
    private const string KeyId = "bench-routing";
    private static readonly string Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private static string ApiKey => $"ie.{KeyId}.{Secret}";

    public static async Task RunAsync(BenchSettings settings, BenchDatabase db, BenchResults results, TextWriter log)
    {
        var hostDll = await HostBinary.EnsureBuiltAsync(settings, log);
        var cs = await db.CreateDatabaseAsync("http");
        // The Host's schema initializer and its async daemon both migrate the read-model schema at start; on an empty
        // database they can race (42P07, duplicate relation). Creating the schema first avoids that (see docs/benchmarks.md).
        using (var schema = InteractionEngine.Projections.Store.ReadModelStore.Create(cs)) await schema.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var port = FreePort();
        var env = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__Postgres"] = cs,
            ["Akka__Port"] = "0",
            ["Akka__Hostname"] = "127.0.0.1",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning",
            ["Conversations__PassivateIdleAfter"] = "01:00:00",
            // The bench measures the engine, not the per-key rate limiter (see docs/benchmarks.md).
            ["Auth__RateLimits__routing__PerSecond"] = "10000000",
            ["Auth__RateLimits__routing__Burst"] = "20000000",
            ["Auth__Credentials__90__KeyId"] = KeyId,
            ["Auth__Credentials__90__Tenant"] = Inbound.Tenant,
            ["Auth__Credentials__90__Role"] = "routing",
            ["Auth__Credentials__90__SecretSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret))),
        };
        var output = new ConcurrentQueue<string>();
        var start = new ProcessStartInfo("dotnet", [hostDll])
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in env) start.Environment[k] = v;
        var process = ChildProcesses.Start(start);
        void Keep(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            while (output.Count > 200) output.TryDequeue(out _);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.HttpConcurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        try
        {
            await WaitReadyAsync(http, process, output);
            log.WriteLine($"  Host ready on 127.0.0.1:{port} (pid {process.Id})");
            var route = await DiscoverRouteAsync(http);
            log.WriteLine($"  inbound route: {route.Replace("{contact}", "…")}");

            async Task<bool> Post(int contact, string run, long seq)
            {
                var id = Inbound.Contact("h", contact);
                using var content = new StringContent(
                    $$"""{"channel":"WhatsApp","channelMessageId":"{{run}}-{{seq}}","text":"{{Inbound.Text}}"}""", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(route.Replace("{contact}", id.Contact), content);
                if (!response.IsSuccessStatusCode)
                    throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return true;
            }

            var created = await ClosedLoop.EachContactAsync(settings.Contacts, settings.HttpConcurrency, (c, n) => Post(c, "open", n));
            log.WriteLine($"  created {created.Ok} conversations over HTTP in {created.Elapsed.TotalSeconds:0.0} s{(created.Failed > 0 ? $" ({created.Failed} failed: {created.FirstError})" : "")}");
            var warm = await ClosedLoop.RunAsync(settings.Contacts, settings.HttpConcurrency, settings.Warmup, (c, n) => Post(c, "warm", n));
            log.WriteLine($"  warm-up: {warm.PerSecond:0} req/s");
            var cpu = new CpuMeter(db.PostmasterPid, process.Id);
            var run = await ClosedLoop.RunAsync(settings.Contacts, settings.HttpConcurrency, settings.Duration, (c, n) => Post(c, "run", n));
            var used = cpu.Stop();
            results.Http = new HttpThroughput(settings.Contacts, settings.HttpConcurrency, run, used, route);
            log.WriteLine($"  HTTP flat out: {run.PerSecond:0} msgs/s, ack {run.Latency.Triple}" +
                          $"{(run.Failed > 0 ? $" ({run.Failed} failed: {run.FirstError})" : "")}; CPU {used}");
        }
        finally
        {
            await ChildProcesses.StopAsync(process, TimeSpan.FromSeconds(20));
            process.Dispose();
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process, ConcurrentQueue<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException(
            $"the Host did not become ready (exited: {process.HasExited}); its last output:\n{string.Join("\n", output.TakeLast(30))}");
    }

    /// <summary>
    /// The inbound route changed when API keys arrived (the tenant now comes from the key); take whichever the
    /// built Host serves.
    /// </summary>
    private static async Task<string> DiscoverRouteAsync(HttpClient http)
    {
        string[] candidates = ["/api/v1/contacts/{contact}/messages/inbound", $"/api/v1/tenants/{Inbound.Tenant}/contacts/{{contact}}/messages/inbound"];
        var answers = new List<string>();
        foreach (var route in candidates)
        {
            using var content = new StringContent("""{"channel":"WhatsApp","channelMessageId":"probe-1","text":"probe"}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(route.Replace("{contact}", "probe"), content);
            if (response.IsSuccessStatusCode) return route;
            answers.Add($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        throw new InvalidOperationException("no inbound route accepted a message: " + string.Join(" | ", answers));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Where the built Host is: --host-dll, or src/InteractionEngine.Host/bin/{configuration}/net10.0 of this checkout, built
/// first (dotnet build) when missing or older than any source it is made from. The Host is not a project reference
/// of the bench, so a Host that does not compile fails only the HTTP phase.
/// </summary>
public static class HostBinary
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static async Task<string> EnsureBuiltAsync(BenchSettings settings, TextWriter log)
    {
        if (settings.HostDll is { } given) return File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException("--host-dll not found", given);
        var root = RepoRoot.Find();
        var project = Path.Combine(root, "src", "InteractionEngine.Host", "InteractionEngine.Host.csproj");
        var dll = Path.Combine(root, "src", "InteractionEngine.Host", "bin", Configuration, "net10.0", "InteractionEngine.Host.dll");
        if (File.Exists(dll) && IsFresh(root, Path.GetDirectoryName(dll)!)) return dll;

        log.WriteLine($"  building the Host ({Configuration}): its binary is {(File.Exists(dll) ? "older than its sources" : "missing")}");
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", Configuration, "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        var build = ChildProcesses.Start(start);
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await build.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException("building the Host took more than 8 minutes");
        }
        finally
        {
            ChildProcesses.Forget(build);
        }
        if (build.ExitCode != 0)
        {
            var errors = (await stdout + await stderr).Split('\n').Where(l => l.Contains(" error ")).Distinct().Take(3);
            throw new InvalidOperationException($"the Host does not build: {string.Join(" | ", errors)}");
        }
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the Host built but its binary is not where expected", dll);
    }

    /// <summary>
    /// Whether every project the Host is built from is older than its assembly in the Host's output folder, and the
    /// linked config/ files are copied. Per project, because a change that does not alter a project's public surface
    /// leaves the Host's own assembly untouched (it would look stale forever), and projects the Host does not use
    /// (the CLI, the emulator) must not count.
    /// </summary>
    private static bool IsFresh(string root, string bin)
    {
        foreach (var project in Directory.EnumerateDirectories(Path.Combine(root, "src")))
        {
            var assembly = Path.Combine(bin, Path.GetFileName(project) + ".dll");
            if (File.Exists(assembly) && NewestSource(project) > File.GetLastWriteTimeUtc(assembly)) return false;
        }
        var host = File.GetLastWriteTimeUtc(Path.Combine(bin, "InteractionEngine.Host.dll"));
        if (Directory.EnumerateFiles(root, "Directory.*.props").Any(f => File.GetLastWriteTimeUtc(f) > host)) return false;
        return Directory.EnumerateFiles(Path.Combine(root, "config"), "*.json")
            .All(f => File.Exists(Path.Combine(bin, Path.GetFileName(f))) && File.GetLastWriteTimeUtc(f) <= File.GetLastWriteTimeUtc(Path.Combine(bin, Path.GetFileName(f))));
    }

    private static DateTime NewestSource(string project)
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}") && !f.Contains($"{separator}obj{separator}"))
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj") || f.EndsWith(".json"))
            .Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
    }
}

public static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "InteractionEngine.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the bench from inside the InteractionEngine checkout (InteractionEngine.sln not found above the current folder)");
    }
}

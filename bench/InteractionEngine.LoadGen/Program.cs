using System.Diagnostics;
using System.Globalization;
using InteractionEngine.LoadGen;
using InteractionEngine.LoadGen.Phases;

// dotnet run -c Release --project bench/InteractionEngine.LoadGen -- [--quick|--smoke] [--connection "..."] [--out path] [--only actors,rate,...]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length >= 2 && args[0] == "--child-memory")
    return await MemoryPhase.ChildAsync(args[1], BenchSettings.Parse(args[2..]));

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

ChildProcesses.InstallExitHandlers();
var log = Console.Out;
var clock = Stopwatch.StartNew();
var results = new BenchResults { Settings = settings };
using var stopMonitor = new CancellationTokenSource();
if (settings.Verbose) InteractionEngine.LoadGen.Monitor.Start(log, stopMonitor.Token);
var command = "dotnet run -c Release --project bench/InteractionEngine.LoadGen --" + (args.Length > 0 ? " " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)) : "");
log.WriteLine($"InteractionEngine load generator, {settings.ModeName} mode, {Environment.ProcessorCount} cores ({HostBinary.Configuration} build)");

await using (var db = await BenchDatabase.StartAsync(settings, log))
{
    results.PostgresSettings = await db.SettingsAsync();
    log.WriteLine("PostgreSQL: " + string.Join(", ", results.PostgresSettings.Select(kv => $"{kv.Key}={kv.Value}")));
    using var lag = new PipelineLagListener();

    async Task Phase(string name, string title, Func<Task> run)
    {
        log.WriteLine($"[{clock.Elapsed:mm\\:ss}] {title}");
        try
        {
            await run();
        }
        catch (Exception e)
        {
            results.Errors[name] = $"{e.GetType().Name}: {e.Message}";
            log.WriteLine($"  FAILED: {e}");
        }
    }

    // Sequential on purpose: two cores; every phase would disturb the others.
    if (settings.Runs("actors") || settings.Runs("rate"))
        await Phase(settings.Runs("actors") ? "actors" : "rate", "1+3. Through the actors (in-process node, SQL journal, sharding, read-side pipeline)",
            () => ActorPhases.RunAsync(settings, db, results, lag, log));
    if (settings.Runs("http"))
        await Phase("http", "2. Through HTTP (the Host as a child process)", () => HttpPhase.RunAsync(settings, db, results, log));
    if (settings.Runs("recovery"))
        await Phase("recovery", "4. Recovery", () => RecoveryPhase.RunAsync(settings, db, results, log));
    if (settings.Runs("memory"))
        await Phase("memory", "5. Memory (child processes)", () => MemoryPhase.RunAsync(settings, db, results, log));
    if (settings.Runs("ceiling"))
        await Phase("ceiling", "6a. Ceiling: hand-written SQL", () => Baselines.CeilingAsync(settings, db, results, log));
    if (settings.Runs("naive"))
        await Phase("naive", "6b. Naive: Marten per message", () => Baselines.NaiveAsync(settings, db, results, log));
    if (settings.Runs("failover"))
        await Phase("failover", "7. Failover (several Host processes, one killed with SIGKILL)", () => FailoverPhase.RunAsync(settings, db, results, log));
}

results.TotalTime = clock.Elapsed;
results.LoadAverageAtEnd = BenchResults.LoadAverage();
var markdown = Report.Markdown(results, command);
log.WriteLine();
log.WriteLine(markdown);
var output = settings.OutputPath ?? (settings.Mode == BenchMode.Smoke ? null : Path.Combine(RepoRoot.Find(), "docs", "benchmarks.md"));
if (output is not null)
{
    Report.Write(output, markdown);
    log.WriteLine($"Written to {output}");
}
log.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0} s");
return results.Errors.Count == 0 ? 0 : 1;

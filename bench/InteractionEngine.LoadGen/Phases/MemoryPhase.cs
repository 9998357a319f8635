using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Sharding;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>
/// Phase 5, in a fresh child process per state so that earlier phases' heaps do not count: an engine node (without the
/// read-side pipeline unless --memory-read-side: the pipeline is one per cluster and its memory does not grow with the
/// number of conversations) receives one message for each of N conversations; working set after a full GC
/// with all N live ("live", passivation after an hour), and after they have passivated ("passivated", a short
/// idle timeout, then waiting until the shard regions hold no entity).
/// </summary>
public static class MemoryPhase
{
    private const string ResultPrefix = "MEMORY-RESULT ";

    public static async Task RunAsync(BenchSettings settings, BenchDatabase db, BenchResults results, TextWriter log)
    {
        MemorySample? live = null, passivated = null;
        foreach (var state in settings.MemoryStates)
        {
            var cs = await db.CreateDatabaseAsync("memory_" + state);
            var sample = await RunChildAsync(settings, cs, state, log);
            log.WriteLine($"  {state}: {sample.Conversations} conversations, {sample.LiveEntities} live entities, working set {sample.WorkingSetMb:0} MB " +
                          $"(baseline {sample.BaselineWorkingSetMb:0} MB), managed heap {sample.ManagedHeapMb:0} MB, {sample.Gc}; " +
                          $"created in {sample.CreateSeconds:0.0} s, waited {sample.WaitSeconds:0.0} s");
            if (state == "live") live = sample;
            else passivated = sample;
            results.Memory = new MemoryResult(live, passivated);
        }
    }

    private static async Task<MemorySample> RunChildAsync(BenchSettings settings, string cs, string state, TextWriter log)
    {
        var self = typeof(MemoryPhase).Assembly.Location;
        List<string> args =
        [
            self, "--child-memory", state, "--connection", cs,
            "--memory-conversations", settings.MemoryConversations.ToString(CultureInfo.InvariantCulture),
            "--outstanding", settings.Outstanding.ToString(CultureInfo.InvariantCulture),
            "--passivate", settings.ShortPassivation.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var h in settings.ExtraHocon) args.AddRange(["--hocon", h]);
        args.AddRange(["--read-models", settings.MemoryReadSide ? settings.ReadModels : "none"]);
        if (settings.PipelineBatch is { } batch) args.AddRange(["--pipeline-batch", batch.ToString(CultureInfo.InvariantCulture)]);
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = ChildProcesses.Start(start);
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var budget = TimeSpan.FromSeconds(120 + settings.MemoryConversations / 100.0 + settings.ShortPassivation.TotalSeconds * 6);
        using var cts = new CancellationTokenSource(budget);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the memory child ({state}) did not finish within {budget.TotalSeconds:0} s: {Tail(lines)}");
        }
        finally
        {
            ChildProcesses.Forget(process);
        }
        process.WaitForExit(); // drains the output readers
        string? result;
        lock (lines) result = lines.LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (settings.Verbose)
            lock (lines) foreach (var l in lines.Where(l => l.StartsWith("[child", StringComparison.Ordinal))) log.WriteLine("    " + l);
        return result is not null
            ? JsonSerializer.Deserialize<MemorySample>(result[ResultPrefix.Length..])!
            : throw new InvalidOperationException($"the memory child ({state}) exited with {process.ExitCode} and no result: {Tail(lines)}");
    }

    private static string Tail(List<string> lines)
    {
        lock (lines) return string.Join("\n", lines.TakeLast(20));
    }

    /// <summary>The child's side: runs one state and prints one result line.</summary>
    public static async Task<int> ChildAsync(string state, BenchSettings settings)
    {
        var count = settings.MemoryConversations;
        var clock = Stopwatch.StartNew();
        void Stage(string what) => Console.WriteLine($"[child {clock.Elapsed.TotalSeconds:0.0}s] {what}");
        var passivateAfter = state == "live" ? TimeSpan.FromHours(1) : settings.ShortPassivation;
        await using var node = await BenchNode.StartAsync(settings.Connection!, NodeOptions.From(settings, new ConversationsOptions { PassivateIdleAfter = passivateAfter }));

        Stage("node up");
        // Baseline: the node after a little traffic (JIT, pools, pipeline running), before the N conversations.
        await ClosedLoop.EachContactAsync(100, 50, (c, _) => Send(node, "warm", c));
        await node.WaitForPipelineAsync(TimeSpan.FromMinutes(2));
        var (baseWs, baseHeap) = Measure();
        Stage("baseline measured");

        var created = Stopwatch.StartNew();
        var run = await ClosedLoop.EachContactAsync(count, settings.Outstanding, (c, _) => Send(node, "m", c));
        if (run.Failed > 0) throw new InvalidOperationException($"{run.Failed} messages failed: {run.FirstError}");
        created.Stop();
        var waited = Stopwatch.StartNew();
        await node.WaitForPipelineAsync(TimeSpan.FromMinutes(10));
        if (state == "passivated")
        {
            var deadline = DateTime.UtcNow + passivateAfter * 4 + TimeSpan.FromSeconds(60);
            while (await LiveEntitiesAsync(node) > 0 && DateTime.UtcNow < deadline) await Task.Delay(500);
        }
        waited.Stop();
        Stage("created and settled");
        var entities = await LiveEntitiesAsync(node);
        var (ws, heap) = Measure();
        Stage("measured");
        var sample = new MemorySample(state, count, entities, ws, baseWs, heap, baseHeap,
            GcDescription(),
            created.Elapsed.TotalSeconds, waited.Elapsed.TotalSeconds);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(sample));
        // For heap inspection (dotnet-gcdump collect -p PID): keep the node up this many seconds after measuring.
        if (int.TryParse(Environment.GetEnvironmentVariable("IE_BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            Console.WriteLine($"holding for {hold} s (pid {Environment.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }
        // The measurement is out; a graceful cluster shutdown of this throwaway node would only add seconds.
        Console.Out.Flush();
        Environment.Exit(0);
        return 0;
    }

    /// <summary>
    /// Memory is measured here, not latency: an ask that times out on an overloaded machine is retried (same message id,
    /// so at most once applied). The timeout is short enough that a lost message costs seconds, not a minute.
    /// </summary>
    private static async Task<bool> Send(BenchNode node, string prefix, int contact)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var reply = await node.AskAsync(Inbound.Message(Inbound.Contact(prefix, contact), "mem-1"), TimeSpan.FromSeconds(20));
                return reply.Code is ReplyCode.Accepted or ReplyCode.Duplicate;
            }
            catch (AskTimeoutException) when (attempt < 6)
            {
            }
        }
    }

    private static (double WorkingSetMb, double HeapMb) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        Thread.Sleep(1000);
        using var me = Process.GetCurrentProcess();
        me.Refresh();
        return (me.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0);
    }

    /// <summary>The collector this process runs (the Host's settings, see the .csproj), and any environment override.</summary>
    public static string GcDescription()
    {
        var gc = GCSettings.IsServerGC ? "Server GC" : "Workstation GC";
        if (GCSettings.LatencyMode == GCLatencyMode.Batch) gc += ", non-concurrent";
        if (AppContext.GetData("System.GC.DynamicAdaptationMode") is { } datas) gc += $", DynamicAdaptationMode {datas}";
        if ((Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? AppContext.GetData("System.GC.ConserveMemory")) is { } conserve) gc += $", ConserveMemory {conserve}";
        return gc;
    }

    private static async Task<long> LiveEntitiesAsync(BenchNode node)
    {
        var state = await node.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(30));
        return state.Shards.Sum(s => (long)s.EntityIds.Count);
    }
}

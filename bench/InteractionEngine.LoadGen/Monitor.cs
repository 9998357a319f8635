using System.Diagnostics;

namespace InteractionEngine.LoadGen;

/// <summary>--verbose: every two seconds, the thread pool, GC and CPU state of this process (to spot starvation or GC storms).</summary>
public static class Monitor
{
    public static void Start(TextWriter log, CancellationToken ct)
    {
        var thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var lastCompleted = ThreadPool.CompletedWorkItemCount;
            var lastGc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var lastPause = GC.GetTotalPauseDuration();
            while (!ct.WaitHandle.WaitOne(2000))
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var completed = ThreadPool.CompletedWorkItemCount;
                var gc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var pause = GC.GetTotalPauseDuration();
                log.WriteLine($"    [monitor {clock.Elapsed:mm\\:ss}] cpu {(cpu - lastCpu).TotalSeconds / 2:0.00} cores, pool threads {ThreadPool.ThreadCount}, " +
                              $"queued {ThreadPool.PendingWorkItemCount}, items/s {(completed - lastCompleted) / 2}, gc {gc.Item1 - lastGc.Item1}/{gc.Item2 - lastGc.Item2}/{gc.Item3 - lastGc.Item3} " +
                              $"pause {(pause - lastPause).TotalMilliseconds:0} ms, heap {GC.GetTotalMemory(false) / 1048576} MB");
                (lastCpu, lastCompleted, lastGc, lastPause) = (cpu, completed, gc, pause);
            }
        }) { IsBackground = true, Name = "monitor" };
        thread.Start();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace InteractionEngine.LoadGen;

/// <summary>
/// Every process the bench starts is registered here and killed (with its tree) when the bench exits, however it
/// exits short of SIGKILL: normal end, an exception, Ctrl+C or SIGTERM.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly List<PosixSignalRegistration> Signals = [];

    public static void InstallExitHandlers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            Signals.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
    }

    public static Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        Running[process.Id] = process;
        return process;
    }

    public static void Forget(Process process) => Running.TryRemove(process.Id, out _);

    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
        Running.Clear();
    }

    /// <summary>Asks a process to stop (SIGTERM), then kills its tree if it has not exited in time.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (!process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
                using var cts = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            Forget(process);
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace InteractionEngine.LoadGen;

/// <summary>One line of /proc/{pid}/stat: the fields the bench needs.</summary>
public sealed record ProcStat(int Pid, string Command, int ParentPid, double CpuSeconds, double ChildrenCpuSeconds)
{
    private const double ClockTicks = 100.0; // USER_HZ, 100 on every Linux this runs on

    public static ProcStat? Read(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var open = text.IndexOf('(');
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            // After "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
            double Field(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture) / ClockTicks;
            return new ProcStat(pid, text[(open + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture),
                Field(11) + Field(12), Field(13) + Field(14));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Busy CPU seconds of the whole machine (all processes), from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
            return (fields.Take(8).Sum() - fields[3] - fields[4]) / ClockTicks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds of a PostgreSQL server: the postmaster, its live children, and its reaped children.</summary>
    public static double ServerCpuSeconds(int postmaster)
    {
        var total = Read(postmaster) is { } root ? root.CpuSeconds + root.ChildrenCpuSeconds : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmaster) continue;
            if (Read(pid) is { } child && child.ParentPid == postmaster) total += child.CpuSeconds;
        }
        return total;
    }
}

/// <summary>
/// Where the CPU went during a phase: this process (engine and load generator), an engine child process (the
/// Host), and PostgreSQL, in cores (CPU seconds per wall second) on this 2-core machine.
/// </summary>
public sealed class CpuMeter
{
    private readonly int? _postmaster;
    private readonly int? _child;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly double _self;
    private readonly double _pg;
    private readonly double _childCpu;
    private readonly double _machine;

    public CpuMeter(int? postmaster, int? child = null)
    {
        _postmaster = postmaster;
        _child = child;
        _self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        _pg = postmaster is { } p ? ProcStat.ServerCpuSeconds(p) : 0;
        _childCpu = child is { } c ? ProcStat.Read(c)?.CpuSeconds ?? 0 : 0;
        _machine = ProcStat.MachineBusySeconds();
    }

    public CpuUse Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _self) / wall;
        double? pg = _postmaster is { } p ? (ProcStat.ServerCpuSeconds(p) - _pg) / wall : null;
        double? child = _child is { } c ? ((ProcStat.Read(c)?.CpuSeconds ?? _childCpu) - _childCpu) / wall : null;
        var machine = (ProcStat.MachineBusySeconds() - _machine) / wall;
        return new CpuUse(self, child, pg, Math.Max(0, machine - self - (child ?? 0) - (pg ?? 0))) { Seconds = wall };
    }
}

/// <summary>Cores used on average: this process, the Host child (HTTP phase), PostgreSQL, and everything else on the machine.</summary>
public sealed record CpuUse(double Self, double? Child, double? Postgres, double Others)
{
    /// <summary>Wall-clock length of the measurement.</summary>
    public double Seconds { get; init; }

    public override string ToString()
    {
        var parts = new List<string> { $"bench process {Self:0.00}" };
        if (Child is { } c) parts.Add($"Host {c:0.00}");
        if (Postgres is { } p) parts.Add($"PostgreSQL {p:0.00}");
        parts.Add($"other processes {Others:0.00}");
        return string.Join(", ", parts) + $" of {Environment.ProcessorCount} cores";
    }
}

using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace InteractionEngine.LoadGen;

/// <summary>
/// Turns the results into one markdown table (figure, measured, target, met?) plus details, prints it, and writes it
/// into docs/benchmarks.md between the generated-section markers, keeping whatever the file says around them.
/// </summary>
public static class Report
{
    public const string Begin = "<!-- bench:begin -->";
    public const string End = "<!-- bench:end -->";

    private sealed record Row(string Figure, string Measured, string Target, string Met);

    public static string Table(BenchResults r)
    {
        var s = r.Settings;
        var full = s.Mode == BenchMode.Full;
        var small = full ? "" : "¹";
        var rows = new List<Row>();
        var engine = r.Actors?.SustainedWithProjections;

        if (r.Actors is { } a)
        {
            rows.Add(new Row($"Inbound msgs/s through the actors, flat out, projections keeping up ({a.Contacts:N0} conversations, {a.Outstanding:N0} asks outstanding)",
                $"**{a.SustainedWithProjections:N0}/s** (acks {a.Run.PerSecond:N0}/s; pipeline {a.PipelineEventsPerSecond:N0} events/s, backlog {a.BacklogAtEnd:N0} caught up in {a.CatchUp.TotalSeconds:0.00} s)",
                "≥ 10,000/s", Met(a.SustainedWithProjections >= 10_000)));
            rows.Add(new Row("Ack latency flat out (actors), p50 / p95 / p99", a.Run.Latency.Triple, "—", "—"));
            rows.Add(new Row("Persisted-to-visible lag flat out, p50 / p99", $"{LatencySummary.Fmt(a.PipelineLag.P50)} / {LatencySummary.Fmt(a.PipelineLag.P99)} ms", "—", "—"));
        }
        else rows.Add(NotRun("Inbound msgs/s through the actors", "≥ 10,000/s", r, "actors"));

        if (r.Http is { } h)
        {
            rows.Add(new Row($"Inbound msgs/s through HTTP (real Host process, {h.Concurrency} concurrent requests)", $"**{h.Run.PerSecond:N0}/s**{(h.Run.Failed > 0 ? $" ({h.Run.Failed:N0} failed)" : "")}",
                "≥ 5,000/s", Met(h.Run.PerSecond >= 5_000)));
            rows.Add(new Row("Ack latency flat out (HTTP), p50 / p95 / p99", h.Run.Latency.Triple, "—", "—"));
        }
        else rows.Add(NotRun("Inbound msgs/s through HTTP", "≥ 5,000/s", r, "http"));

        if (r.Rate is { } f)
        {
            rows.Add(new Row($"Ack latency at a fixed {f.TargetRate:N0}/s (half of max), p50 / p95 / p99", $"{f.AckFromSchedule.P50:0.00} / {f.AckFromSchedule.P95:0.00} / **{f.AckFromSchedule.P99:0.00} ms** (from send: p99 {f.AckFromSend.P99:0.00} ms){(f.Failed > 0 ? $", {f.Failed} failed" : "")}",
                "p99 ≤ 10 ms", Met(f.AckFromSchedule.P99 <= 10 && f.Failed == 0)));
            rows.Add(new Row("Persisted-to-visible lag at half of max (durable → read-model commit, meter pipeline.lag), p50 / p99",
                $"{LatencySummary.Fmt(f.PipelineLag.P50)} / **{LatencySummary.Fmt(f.PipelineLag.P99)} ms** ({f.PipelineLag.Count:N0} events; {f.FromActorsShare})",
                "p99 ≤ 100 ms", Met(f.PipelineLag.P99 <= 100)));
            rows.Add(new Row("Ack → unread count visible to a reader (sampled, polled every ~5 ms), p50 / p99",
                $"{LatencySummary.Fmt(f.AckToVisible.P50)} / {LatencySummary.Fmt(f.AckToVisible.P99)} ms ({f.AckToVisible.Count:N0} sampled{(f.VisibilityTimeouts > 0 ? $", {f.VisibilityTimeouts} not seen in 10 s" : "")})", "—", "—"));
        }
        else rows.Add(NotRun("Ack p99 / visible lag at half of max", "≤ 10 ms / ≤ 100 ms", r, "rate"));

        if (r.Recovery is { } rec)
        {
            var best = rec.Of("snapshot").Select(c => c.FirstReplyMs).ToList();
            var worst = rec.Of("snapshot+199").Select(c => c.FirstReplyMs).ToList();
            var none = rec.Of("none").Select(c => c.FirstReplyMs).ToList();
            var live = rec.Cases.Select(c => c.LiveReplyMs).ToList();
            rows.Add(new Row($"Recovery of a {rec.Events:N0}-event conversation with snapshots (every 200): first reply on a fresh node, median (max) of {worst.Count}",
                $"**{RecoveryResult.Median(worst):0.0} ms** ({worst.Max():0.0}) with 199 events after the snapshot; {RecoveryResult.Median(best):0.0} ms with none after it",
                "< 50 ms" + (full ? "" : " (for 10,000)"), Met(worst.Max() < 50) + small));
            rows.Add(new Row($"Recovery of a {rec.Events:N0}-event conversation without snapshots", $"{RecoveryResult.Median(none):0.0} ms ({none.Max():0.0})", "—", "—"));
            rows.Add(new Row("Reply of the same conversation once live (for comparison)", $"{RecoveryResult.Median(live):0.0} ms", "—", "—"));
        }
        else rows.Add(NotRun("Recovery with snapshots", "< 50 ms", r, "recovery"));

        if (r.Memory is { Live: { } ml } m)
        {
            rows.Add(new Row($"Working set with {ml.Conversations:N0} live conversations (after a full GC; node {(s.MemoryReadSide ? "with" : "without")} the read-side pipeline)",
                $"**{ml.WorkingSetMb:N0} MB** (node baseline {ml.BaselineWorkingSetMb:N0} MB; managed heap {ml.ManagedHeapMb:N0} MB, ≈{PerConversationKb(ml):0.0} KB per conversation)",
                "≤ 512 MB" + (full ? "" : " (for 100,000)"), Met(ml.WorkingSetMb <= 512) + small));
            if (m.Passivated is { } mp)
                rows.Add(new Row($"Working set after passivation ({mp.Conversations:N0} created, {mp.LiveEntities:N0} still live)",
                    $"{mp.WorkingSetMb:N0} MB (managed heap {mp.ManagedHeapMb:N0} MB)", "—", "—"));
        }
        else rows.Add(NotRun("Working set with live conversations", "≤ 512 MB", r, "memory"));

        if (r.Ceiling is { } c)
            rows.Add(new Row($"Ceiling: {c.Description}", $"{c.Run.PerSecond:N0} msgs/s", "—", "—"));
        else rows.Add(NotRun("Ceiling (hand-written SQL)", "—", r, "ceiling"));
        if (r.Naive is { } n)
            rows.Add(new Row($"Naive: {n.Description}", $"{n.Run.PerSecond:N0} msgs/s (ack {n.Run.Latency.Triple})", "—", "—"));
        else rows.Add(NotRun("Naive (Marten per message)", "—", r, "naive"));

        if (r.Failover is { } fo)
        {
            rows.Add(new Row($"Failover: kill -9 one of {fo.Nodes} nodes at {fo.Rate:N0} msgs/s over {fo.Contacts:N0} conversations, redelivering what got no 200: acknowledged / lost / duplicated",
                $"{fo.Acknowledged:N0} / **{fo.Lost}** / **{fo.Duplicated}**", "lost 0, duplicated 0", Met(fo.Lost == 0 && fo.Duplicated == 0)));
            rows.Add(new Row($"Failover: longest unavailability of a conversation (first failed request after the kill → its next 200; {fo.ConversationsInterrupted} interrupted)",
                $"**{fo.LongestUnavailable.TotalSeconds:0.0} s**; every conversation answering {fo.AllAnsweringAfterKill.TotalSeconds:0.0} s after the kill", "< 10 s", Met(fo.LongestUnavailable < TimeSpan.FromSeconds(10))));
        }
        else rows.Add(NotRun("Failover (kill -9 one node)", "lost 0, duplicated 0, < 10 s", r, "failover"));

        if (engine is { } e && r.Ceiling is { } ceiling)
            rows.Add(new Row("Engine / ceiling (actors, projections keeping up)", $"**{e / ceiling.Run.PerSecond:0.00}x**", "≥ 0.25x", Met(e / ceiling.Run.PerSecond >= 0.25)));
        if (engine is { } e2 && r.Naive is { } naive)
            rows.Add(new Row("Engine / naive", $"**{e2 / naive.Run.PerSecond:0.0}x**", "≥ 3x", Met(e2 / naive.Run.PerSecond >= 3)));

        var sb = new StringBuilder();
        sb.AppendLine("| figure | measured | target | met? |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var row in rows) sb.AppendLine($"| {row.Figure} | {row.Measured} | {row.Target} | {row.Met} |");
        if (!full)
            sb.AppendLine().AppendLine($"¹ {s.ModeName} mode: {s.Duration.TotalSeconds:0} s per throughput phase, {s.Contacts:N0} contacts, recovery with {s.RecoveryEvents:N0} events, " +
                                       $"memory with {s.MemoryConversations:N0} conversations; the targets are stated for the full sizes, so these rows are indicative only.");
        return sb.ToString();
    }

    public static string Markdown(BenchResults r, string command)
    {
        var s = r.Settings;
        var sb = new StringBuilder();
        sb.AppendLine(Begin);
        sb.AppendLine("<!-- Generated by bench/InteractionEngine.LoadGen: everything between bench:begin and bench:end is rewritten on every run. -->");
        sb.AppendLine("## Latest run");
        sb.AppendLine();
        sb.AppendLine($"- **Date:** {r.StartedAt:yyyy-MM-dd HH:mm zzz}; **mode:** {s.ModeName}; total {r.TotalTime.TotalMinutes:0.0} min");
        sb.AppendLine($"- **Machine:** {Environment.ProcessorCount} cores (Environment.ProcessorCount), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                      $"{Phases.MemoryPhase.GcDescription()} (as the Host)");
        sb.AppendLine($"- **Load average** (1/5/15 min) at start {r.LoadAverageAtStart}, at end {r.LoadAverageAtEnd}; most CPU taken by other processes during a measured phase: {r.MaxOtherCpu:0.00} cores" +
                      (r.MaxOtherCpu > 0.25 ? " — **the machine was shared; figures are pessimistic**" : ""));
        sb.AppendLine($"- **PostgreSQL:** {(r.PostgresSettings.Count == 0 ? "?" : string.Join(", ", r.PostgresSettings.Select(kv => $"{kv.Key} = {kv.Value}")))}; same machine, 127.0.0.1");
        sb.AppendLine($"- **Command:** `{command}`");
        sb.AppendLine($"- **Sizes:** {s.Contacts:N0} contacts, {s.Outstanding:N0} asks outstanding, {s.HttpConcurrency} concurrent HTTP requests, {s.Duration.TotalSeconds:0} s measured after {s.Warmup.TotalSeconds:0} s warm-up per throughput phase, " +
                      $"recovery {s.RecoveryEvents:N0} events × {s.RecoveryRepeats}, memory {s.MemoryConversations:N0} conversations, ceiling {s.CeilingWriters} writers, naive {s.NaiveConcurrency} concurrent");
        if (s.ReadModels != "all" || s.PipelineBatch is not null)
            sb.AppendLine($"- **Experiment:** read side = {s.ReadModels} (all = as the Host; events = Marten events without projections; none = no pipeline), pipeline batch = {s.PipelineBatch?.ToString() ?? "default"}");
        if (s.ExtraHocon.Count > 0) sb.AppendLine($"- **Extra HOCON:** `{string.Join("`, `", s.ExtraHocon.Select(h => h.Replace("\n", " ")))}`");
        sb.AppendLine();
        sb.Append(Table(r));
        sb.AppendLine();
        sb.AppendLine("### Where the time went (measured in this run)");
        sb.AppendLine();
        foreach (var line in Details(r)) sb.AppendLine($"- {line}");
        if (r.Errors.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("### Phases that failed");
            sb.AppendLine();
            foreach (var (phase, error) in r.Errors) sb.AppendLine($"- **{phase}:** {error.Replace("\n", " ").Replace("|", "\\|")}");
        }
        sb.AppendLine(End);
        return sb.ToString();
    }

    private static IEnumerable<string> Details(BenchResults r)
    {
        var cores = Environment.ProcessorCount;
        if (r.Actors is { } a)
        {
            var busy = a.Cpu.Self + (a.Cpu.Postgres ?? 0);
            yield return $"Actors flat out: CPU {a.Cpu} → {busy / cores:P0} of the machine" +
                         (busy >= 0.85 * cores ? " (CPU-bound: engine, load generator and PostgreSQL share the cores)." : ".");
            var t = a.CpuWithCatchUp;
            yield return $"CPU per acknowledged message, counted until the read models held it (run + catch-up): {t.Self * t.Seconds * 1e6 / a.Run.Ok:0} µs in the engine process " +
                         $"(load generator included), {(t.Postgres ?? 0) * t.Seconds * 1e6 / a.Run.Ok:0} µs in PostgreSQL (journal write + pipeline + read models); " +
                         $"2 cores allow at most {Environment.ProcessorCount * 1e6 / Math.Max(1, (t.Self + (t.Postgres ?? 0)) * t.Seconds * 1e6 / a.Run.Ok):N0} msgs/s at that cost.";
            yield return a.PipelineEventsPerSecond < a.Run.PerSecond * 0.95
                ? $"The read-side pipeline fell behind flat out: {a.PipelineEventsPerSecond:N0} events/s copied vs {a.Run.PerSecond:N0} msgs/s acknowledged; backlog {a.BacklogAtEnd:N0}, drained in {a.CatchUp.TotalSeconds:0.0} s."
                : $"The read-side pipeline kept up flat out ({a.PipelineEventsPerSecond:N0} events/s; {a.BacklogAtEnd:N0} behind at the end, drained in {a.CatchUp.TotalSeconds:0.00} s).";
        }
        if (r.Http is { } h)
            yield return $"HTTP flat out: CPU {h.Cpu}; {(h.Cpu.Child ?? 0) * 1e6 / Math.Max(1, h.Run.PerSecond):0} µs per request in the Host, " +
                         $"{h.Cpu.Self * 1e6 / Math.Max(1, h.Run.PerSecond):0} µs in the HTTP client (bench process). Route {h.Route}.";
        if (r.Rate is { } f)
            yield return $"Fixed rate: achieved {f.AchievedRate:N0}/s of {f.TargetRate:N0}/s; CPU {f.Cpu}; ack from send p50/p99 {f.AckFromSend.P50:0.00}/{f.AckFromSend.P99:0.00} ms, max {f.AckFromSchedule.Max:0.0} ms; " +
                         $"send → visible p50/p99 {LatencySummary.Fmt(f.SendToVisible.P50)}/{LatencySummary.Fmt(f.SendToVisible.P99)} ms.";
        if (r.Recovery is { } rec)
        {
            yield return $"Recovery cases (first reply / next reply, ms): " + string.Join("; ", rec.Cases.Select(c => $"{c.Kind} {c.FirstReplyMs:0.0}/{c.LiveReplyMs:0.0}")) +
                         $". Seeding took {rec.SeedTime.TotalSeconds:0.0} s.";
        }
        if (r.Memory is { } m)
        {
            foreach (var sample in new[] { m.Live, m.Passivated }.OfType<MemorySample>())
                yield return $"Memory ({sample.State}): {sample.Conversations:N0} conversations created in {sample.CreateSeconds:0.0} s, waited {sample.WaitSeconds:0.0} s, " +
                             $"{sample.LiveEntities:N0} entities live; working set {sample.WorkingSetMb:0} MB (baseline {sample.BaselineWorkingSetMb:0}), managed heap {sample.ManagedHeapMb:0} MB " +
                             $"(baseline {sample.BaselineManagedHeapMb:0}); {sample.Gc}.";
        }
        if (r.Ceiling is { } c) yield return $"Ceiling: CPU {c.Cpu}; {(c.Cpu.Postgres ?? 0) * 1e6 / c.Run.PerSecond:0} µs PostgreSQL CPU per message.";
        if (r.Naive is { } n) yield return $"Naive: CPU {n.Cpu}; {(n.Cpu.Postgres ?? 0) * 1e6 / n.Run.PerSecond:0} µs PostgreSQL CPU and {n.Cpu.Self * 1e6 / n.Run.PerSecond:0} µs .NET CPU per message.";
        if (r.Failover is { } fo)
            yield return $"Failover: {fo.Nodes} Host processes, {fo.Before.TotalSeconds:0} s of load before the kill and {fo.After.TotalSeconds:0} s after, then one more message per conversation; " +
                         $"{fo.FailedRequests:N0} requests got no 200 within the channel's {fo.ClientTimeout.TotalSeconds:0.#} s and were redelivered (Akka:HeartbeatInterval/AcceptableHeartbeatPause/StableAfter/DownRemovalMargin as configured, see docs/reliability.md).";
        foreach (var o in r.Observations) yield return o;
    }

    private static double PerConversationKb(MemorySample m) =>
        (m.ManagedHeapMb - m.BaselineManagedHeapMb) * 1024 / Math.Max(1, m.Conversations);

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static Row NotRun(string figure, string target, BenchResults r, string phase) =>
        new(figure, r.Errors.TryGetValue(phase, out var e) ? $"failed: {Shorten(e)}" : "not run", target, "—");

    private static string Shorten(string e)
    {
        var line = e.Split('\n')[0].Replace("|", "\\|");
        return line.Length > 160 ? line[..160] + "…" : line;
    }

    /// <summary>Replaces the generated section of the file (or creates the file with a title and the section).</summary>
    public static void Write(string path, string generated)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n" + Begin + "\n" + End + "\n";
        var from = existing.IndexOf(Begin, StringComparison.Ordinal);
        var to = existing.IndexOf(End, StringComparison.Ordinal);
        var text = from >= 0 && to > from
            ? existing[..from] + generated.TrimEnd('\n') + existing[(to + End.Length)..]
            : existing.TrimEnd('\n') + "\n\n" + generated;
        File.WriteAllText(path, text);
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

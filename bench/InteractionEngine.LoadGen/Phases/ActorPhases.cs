using System.Collections.Concurrent;
using System.Diagnostics;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>
/// Phases 1 and 3 on one in-process node: flat out (closed loop, N asks outstanding), then a fixed open-loop rate
/// at half of that, with the pipeline lag and the time until the contact's unread document shows the message.
/// </summary>
public static class ActorPhases
{
    private const string Prefix = "a";

    public static async Task RunAsync(BenchSettings settings, BenchDatabase db, BenchResults results, PipelineLagListener lagListener, TextWriter log)
    {
        var cs = await db.CreateDatabaseAsync("actors");
        await using var node = await BenchNode.StartAsync(cs, NodeOptions.From(settings, new ConversationsOptions { PassivateIdleAfter = TimeSpan.FromHours(1) }));

        // Every conversation exists (InteractionOpened + MessageReceived) and is live before anything is measured.
        var created = await ClosedLoop.EachContactAsync(settings.Contacts, settings.Outstanding, (c, _) => Send(node, c, "open", 1));
        log.WriteLine($"  created {created.Ok} conversations in {created.Elapsed.TotalSeconds:0.0} s ({created.PerSecond:0}/s){Failures(created)}");
        await node.WaitForPipelineAsync(TimeSpan.FromMinutes(5));

        if (settings.Runs("actors"))
        {
            var warm = await ClosedLoop.RunAsync(settings.Contacts, settings.Outstanding, settings.Warmup, (c, n) => Send(node, c, "warm", n));
            log.WriteLine($"  warm-up: {warm.PerSecond:0} msgs/s");
            await node.WaitForPipelineAsync(TimeSpan.FromMinutes(5));

            var copiedBefore = node.Status?.EventsCopied ?? 0;
            var lag = lagListener.Begin();
            var cpu = new CpuMeter(db.PostmasterPid);
            var cpuWithCatchUp = new CpuMeter(db.PostmasterPid);
            var run = await ClosedLoop.RunAsync(settings.Contacts, settings.Outstanding, settings.Duration, (c, n) => Send(node, c, "run", n));
            var used = cpu.Stop();
            var copiedInWindow = node.Status is { } st ? st.EventsCopied - copiedBefore : run.Ok;
            var backlog = node.Status is { } status ? await node.JournalHeadAsync() - status.CommittedOrdering : 0;
            var catchUp = await node.WaitForPipelineAsync(TimeSpan.FromMinutes(10));
            var total = cpuWithCatchUp.Stop();
            lagListener.End();
            var result = new ActorThroughput(settings.Contacts, settings.Outstanding, run, copiedInWindow / run.Elapsed.TotalSeconds,
                Math.Max(0, backlog), catchUp, lag.Summary(), used, total);
            results.Actors = result;
            log.WriteLine($"  flat out: {run.PerSecond:0} msgs/s acked, ack {run.Latency.Triple}{Failures(run)}; pipeline {result.PipelineEventsPerSecond:0} events/s, " +
                          $"backlog {backlog} at the end, caught up in {catchUp.TotalSeconds:0.00} s; CPU {used}; " +
                          $"per message (run + catch-up): {total.Self * total.Seconds * 1e6 / run.Ok:0} µs .NET, {(total.Postgres ?? 0) * total.Seconds * 1e6 / run.Ok:0} µs PostgreSQL");
        }

        if (settings.Runs("rate"))
        {
            var rate = settings.FixedRate ?? (results.Actors is { } a ? Math.Round(a.SustainedWithProjections / 2) : 1000);
            // The KPI daemon is still working off the flat-out phase's backlog: the fixed rate is measured from a quiet read side.
            var daemon = await node.WaitForAsyncProjectionsAsync(TimeSpan.FromMinutes(5));
            log.WriteLine($"  async projections caught up in {daemon.TotalSeconds:0.0} s");
            // A checkpoint lets the WAL segments the flat-out phase filled be recycled, as on a server that has been running
            // for a while; the bench's fresh cluster otherwise creates and zero-fills a new 16 MB segment every few seconds
            // of this phase (synchronous commits wait for that write).
            await db.ExecuteAsync("CHECKPOINT");
            results.Rate = await FixedRateAsync(node, settings, db, rate, lagListener, log);
        }
    }

    private static async Task<bool> Send(BenchNode node, int contact, string run, long seq)
    {
        var id = Inbound.Contact(Prefix, contact);
        var reply = await node.AskAsync(Inbound.Message(id, $"{run}-{seq}"));
        return reply.Code == ReplyCode.Accepted;
    }

    private static string Failures(ThroughputResult r) => r.Failed == 0 ? "" : $" ({r.Failed} failed: {r.FirstError ?? "not accepted"})";

    /// <summary>
    /// Open loop: message i is due at start + i/rate, whatever happened to earlier ones; its ack latency counts from
    /// that due time (so a stall is not hidden), and also from the actual send. Up to 20 messages a second (at most 4
    /// at a time, polling every 5 ms, so the probes add little load) are followed until the contact's summary
    /// document (unread count) shows them.
    /// </summary>
    private static async Task<FixedRateResult> FixedRateAsync(BenchNode node, BenchSettings settings, BenchDatabase db, double rate,
        PipelineLagListener lagListener, TextWriter log)
    {
        var fromSchedule = new LatencyRecorder();
        var fromSend = new LatencyRecorder();
        var ackToVisible = new LatencyRecorder();
        var sendToVisible = new LatencyRecorder();
        long failed = 0, visibilityTimeouts = 0, probesRunning = 0;
        var sampleEvery = Math.Max(1, (long)(rate / 20));
        var total = (long)(rate * settings.Duration.TotalSeconds);
        var pending = new ConcurrentDictionary<long, Task>();
        var probes = new ConcurrentBag<Task>();

        var lag = lagListener.Begin();
        // Which input brought each event first: its actor's publication or (when that was lost or late) the journal query.
        var (copiedBefore, fromJournalBefore) = (node.Status?.EventsCopied ?? 0, node.Status?.EventsFromJournal ?? 0);
        var cpu = new CpuMeter(db.PostmasterPid);
        var start = Stopwatch.GetTimestamp();
        var ticksPerMessage = Stopwatch.Frequency / rate;

        // The scheduler runs on its own thread: 1 ms sleeps, then everything that has fallen due is sent.
        var scheduler = new Thread(() =>
        {
            for (long i = 0; i < total;)
            {
                var now = Stopwatch.GetTimestamp();
                for (; i < total; i++)
                {
                    var due = start + (long)(i * ticksPerMessage);
                    if (due > now) break;
                    var seq = i;
                    var id = Inbound.Contact(Prefix, (int)(seq % settings.Contacts));
                    var sent = Stopwatch.GetTimestamp();
                    var ask = node.AskAsync(Inbound.Message(id, $"rate-{seq}"));
                    pending[seq] = ask.ContinueWith(t =>
                    {
                        var acked = Stopwatch.GetTimestamp();
                        if (t.IsCompletedSuccessfully && t.Result.Code == ReplyCode.Accepted)
                        {
                            fromSchedule.RecordMicros((acked - due) * 1_000_000 / Stopwatch.Frequency);
                            fromSend.RecordMicros((acked - sent) * 1_000_000 / Stopwatch.Frequency);
                            if (seq % sampleEvery == 0 && settings.ReadModels == "all" && Interlocked.Read(ref probesRunning) < 4 && t.Result.Message is { } m)
                            {
                                Interlocked.Increment(ref probesRunning);
                                probes.Add(Task.Run(async () =>
                                {
                                    try
                                    {
                                        if (await VisibleAsync(node, id, m.MessageNumber) is { } visible)
                                        {
                                            ackToVisible.RecordMicros((visible - acked) * 1_000_000 / Stopwatch.Frequency);
                                            sendToVisible.RecordMicros((visible - sent) * 1_000_000 / Stopwatch.Frequency);
                                        }
                                        else
                                        {
                                            Interlocked.Increment(ref visibilityTimeouts);
                                        }
                                    }
                                    finally
                                    {
                                        Interlocked.Decrement(ref probesRunning);
                                    }
                                }));
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }
                        pending.TryRemove(seq, out _);
                    }, TaskScheduler.Default);
                }
                if (i < total) Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "fixed-rate scheduler" };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        var sendingTook = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(pending.Values.ToArray()).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(probes.ToArray()).WaitAsync(TimeSpan.FromSeconds(60));
        var used = cpu.Stop();
        await node.WaitForPipelineAsync(TimeSpan.FromMinutes(5));
        lagListener.End();
        var copied = (node.Status?.EventsCopied ?? 0) - copiedBefore;
        var fromJournal = (node.Status?.EventsFromJournal ?? 0) - fromJournalBefore;

        var result = new FixedRateResult(rate, fromSend.Count / sendingTook.TotalSeconds, total, failed, fromSchedule.Summary(), fromSend.Summary(),
            lag.Summary(), ackToVisible.Summary(), sendToVisible.Summary(), visibilityTimeouts, used) { EventsCopied = copied, EventsFromJournal = fromJournal };
        log.WriteLine($"  fixed rate {rate:0}/s: ack {result.AckFromSchedule.Triple} (from send {result.AckFromSend.Triple}), " +
                      $"pipeline lag p50/p99 {LatencySummary.Fmt(result.PipelineLag.P50)}/{LatencySummary.Fmt(result.PipelineLag.P99)} ms " +
                      $"({result.FromActorsShare}), " +
                      $"ack→visible {result.AckToVisible.Triple} ({result.AckToVisible.Count} sampled, {visibilityTimeouts} timeouts), failed {failed}; CPU {used}");
        return result;
    }

    /// <summary>Polls the contact's summary document (unread count, last message) until it holds message <paramref name="number"/>.</summary>
    private static async Task<long?> VisibleAsync(BenchNode node, ConversationId id, long number)
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await using (var session = node.Store!.QuerySession())
            {
                var summary = await session.LoadAsync<ContactSummary>(id.Value);
                if (summary is not null && summary.LastInboundMessageNumber >= number) return Stopwatch.GetTimestamp();
            }
            await Task.Delay(5);
        }
        return null;
    }
}

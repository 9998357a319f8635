using System.Diagnostics;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.LoadGen;

/// <summary>The inbound messages every phase sends: one tenant, numbered contacts, a WhatsApp text of typical length.</summary>
public static class Inbound
{
    public const string Tenant = "bench";
    public const string Text = "Olá! My order #48213 has not arrived yet, can someone help me please? 👋";

    public static ConversationId Contact(string prefix, int index) => new(Tenant, $"{prefix}{index:D6}");

    public static ReceiveMessage Message(ConversationId id, string channelMessageId, DateTimeOffset? at = null)
    {
        var now = at ?? DateTimeOffset.UtcNow;
        return new ReceiveMessage(id, ChannelKind.WhatsApp, channelMessageId, Text, [], now, now);
    }
}

public sealed record ThroughputResult(long Ok, long Failed, TimeSpan Elapsed, LatencySummary Latency, string? FirstError)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;
}

/// <summary>
/// Closed-loop load: <c>workers</c> requests outstanding at all times, each worker cycling over its own contacts
/// (contact k belongs to worker k mod workers), so no two requests for one conversation overlap.
/// </summary>
public static class ClosedLoop
{
    /// <param name="send">Sends message number <c>seq</c> (1-based, per contact) to contact <c>index</c>; true when acknowledged.</param>
    public static async Task<ThroughputResult> RunAsync(int contacts, int workers, TimeSpan duration,
        Func<int, long, Task<bool>> send, Func<int, long>? firstSeq = null, long? messagesPerContact = null)
    {
        workers = Math.Min(workers, contacts);
        var latency = new LatencyRecorder();
        long ok = 0, failed = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var deadline = messagesPerContact is null ? started + (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

        async Task Worker(int w)
        {
            var mine = Enumerable.Range(0, contacts).Where(c => c % workers == w).ToArray();
            var seqs = mine.Select(c => firstSeq?.Invoke(c) ?? 1L).ToArray();
            var sentPerContact = 0L;
            while (true)
            {
                for (var i = 0; i < mine.Length; i++)
                {
                    if (messagesPerContact is null && Stopwatch.GetTimestamp() > deadline) return;
                    var t0 = Stopwatch.GetTimestamp();
                    bool acknowledged;
                    try
                    {
                        acknowledged = await send(mine[i], seqs[i]);
                    }
                    catch (Exception e)
                    {
                        acknowledged = false;
                        Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                    }
                    if (acknowledged)
                    {
                        latency.RecordElapsed(t0);
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                    seqs[i]++;
                }
                if (messagesPerContact is { } limit && ++sentPerContact >= limit) return;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w))));
        return new ThroughputResult(ok, failed, Stopwatch.GetElapsedTime(started), latency.Summary(), firstError);
    }

    /// <summary>Sends exactly <paramref name="perContact"/> messages to every contact (to create conversations).</summary>
    public static Task<ThroughputResult> EachContactAsync(int contacts, int workers, Func<int, long, Task<bool>> send, long perContact = 1) =>
        RunAsync(contacts, workers, TimeSpan.Zero, send, messagesPerContact: perContact);
}

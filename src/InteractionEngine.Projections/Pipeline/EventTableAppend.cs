using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.EventStore;
using JasperFx.Events;
using Marten;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Writes a batch's events of many streams into Marten's event tables with one set-based statement
/// (<see cref="MartenEventTables.AppendEvents"/>) queued on the batch's session, instead of Marten's quick append,
/// which calls its append function once per stream: with thousands of live conversations that is once per
/// event, and it was the read side's largest cost in PostgreSQL (docs/benchmarks.md). The rows are the ones the quick
/// append writes (same serializer, type names, headers, sequence and timestamps; <c>EventTableAppendTests</c> compares
/// them), so Marten's reads, the async daemon and rebuilds see them as their own. Versions are the journal sequence
/// numbers, which the appender already knows, so nothing has to be read first.
/// </summary>
internal sealed class EventTableAppend(IDocumentStore store)
{
    private readonly string _sql = MartenEventTables.Of(store).AppendEvents;

    /// <summary>The Marten event for <paramref name="data"/> at <paramref name="version"/> of <paramref name="stream"/>, as Marten's append would build it.</summary>
    public static IEvent Event(IConversationEvent data, string stream, long version, DateTimeOffset now)
    {
        var e = EventWrappers.Wrap(data);
        e.Id = Guid.CreateVersion7(now);
        e.StreamKey = stream;
        e.Version = version;
        e.TenantId = MartenEventTables.DefaultTenant;
        e.Timestamp = now;
        return e;
    }

    /// <summary>Queues the insert of <paramref name="events"/> (each stream's in version order) and their streams' new versions.</summary>
    public void Queue(IDocumentOperations session, IReadOnlyList<IEvent> events)
    {
        if (events.Count == 0) return;
        var serializer = store.Options.Serializer();
        var last = new Dictionary<string, long>();
        var ids = new Guid[events.Count];
        var streams = new string[events.Count];
        var versions = new long[events.Count];
        var data = new string[events.Count];
        var types = new string[events.Count];
        var dotnetTypes = new string[events.Count];
        var headers = new string?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            ids[i] = e.Id;
            streams[i] = e.StreamKey!;
            versions[i] = e.Version;
            data[i] = serializer.ToJson(e.Data);
            types[i] = e.EventTypeName;
            dotnetTypes[i] = e.DotNetTypeName;
            headers[i] = e.Headers is { Count: > 0 } h ? serializer.ToJson(h) : null;
            last[e.StreamKey!] = e.Version;
        }
        session.QueueSqlCommand(_sql, last.Keys.ToArray(), last.Values.ToArray(), ids, streams, versions, data, types, dotnetTypes, headers);
    }
}

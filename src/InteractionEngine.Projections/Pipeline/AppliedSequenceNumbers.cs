using InteractionEngine.Projections.EventStore;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// The journal sequence number of the last event of each conversation already in Marten. Every event of a
/// conversation goes to its stream, in order and once, so that is the stream's version in Marten's stream table,
/// committed with the events themselves. The pipeline keeps the versions it committed in memory and reads the others
/// in one query per batch.
/// </summary>
public sealed class AppliedSequenceNumbers(MartenEventTables tables, int capacity = 200_000)
{
    private readonly Dictionary<string, long> _committed = [];

    /// <summary>A working copy for the batch's streams (0 for a stream Marten does not have yet).</summary>
    public async Task<Dictionary<string, long>> ForAsync(IQuerySession session, IEnumerable<string> streams, CancellationToken ct)
    {
        var applied = new Dictionary<string, long>();
        List<string>? unknown = null;
        foreach (var stream in streams)
        {
            if (applied.ContainsKey(stream)) continue;
            if (_committed.TryGetValue(stream, out var version)) applied[stream] = version;
            else
            {
                applied[stream] = 0;
                (unknown ??= []).Add(stream);
            }
        }
        if (unknown is null) return applied;
        await using var command = new NpgsqlCommand(tables.StreamVersions) { Parameters = { new() { Value = unknown.ToArray() } } };
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetString(0)] = reader.GetInt64(1);
        return applied;
    }

    /// <summary>After a commit: these versions are durable now.</summary>
    public void Committed(Dictionary<string, long> applied)
    {
        // A bound on memory: forgetting only costs one query for the streams that come back.
        if (_committed.Count + applied.Count > capacity) _committed.Clear();
        foreach (var (stream, version) in applied) _committed[stream] = version;
    }

    /// <summary>After a failed commit or a restart, only the database knows.</summary>
    public void Clear() => _committed.Clear();
}

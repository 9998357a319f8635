using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.ReadModels;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.ReadYourWrites;

/// <summary>Which read models a read needs to be current.</summary>
public enum ReadSideScope
{
    /// <summary>The inline read models (transcript, contact summary, search): current once the stream is at the version.</summary>
    Inline,
    /// <summary>Also the async daemon's (KPIs): current once the daemon has passed the event at that version.</summary>
    WithAsync,
}

/// <summary>
/// Read-your-writes: waits, up to a deadline, until the read side holds a conversation at a version (the one a command's
/// answer gave). Answered from the database, so any node can wait for a pipeline that runs on another: the pipeline moves
/// the stream's version in the same transaction as the inline read models. A commit anywhere wakes the waiters of every
/// node (<see cref="ReadSideCommits"/>); a short poll covers a lost announcement and the async daemon, which announces nothing.
/// </summary>
public sealed class ReadSideWaiter(IDocumentStore store, ReadSideCommits commits)
{
    private static readonly TimeSpan Backstop = TimeSpan.FromMilliseconds(250);
    private static readonly string[] AsyncProjections = [InteractionKpiProjection.ProjectionName];
    private readonly MartenEventTables _tables = MartenEventTables.Of(store);

    /// <summary>True once the read side has <paramref name="streamId"/> at <paramref name="version"/>; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForAsync(string streamId, long version, ReadSideScope scope, TimeSpan timeout, CancellationToken ct)
    {
        if (version <= 0) return true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var next = commits.Next(); // taken before looking: a commit during the look still wakes the wait below
            try
            {
                if (await HasAsync(streamId, version, scope, deadline.Token)) return true;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
            await Task.WhenAny(next, Task.Delay(Backstop, deadline.Token));
            ct.ThrowIfCancellationRequested();
            if (deadline.IsCancellationRequested) return false;
        }
    }

    private async Task<bool> HasAsync(string streamId, long version, ReadSideScope scope, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var streamVersion = new NpgsqlCommand(_tables.StreamVersion, connection) { Parameters = { new() { Value = streamId } } })
        {
            var reached = await streamVersion.ExecuteScalarAsync(ct);
            if (reached is null or DBNull || Convert.ToInt64(reached, System.Globalization.CultureInfo.InvariantCulture) < version) return false;
        }
        if (scope == ReadSideScope.Inline) return true;
        await using var passed = new NpgsqlCommand(_tables.AsyncProjectionsPassed(AsyncProjections), connection)
        {
            Parameters = { new() { Value = streamId }, new() { Value = version } },
        };
        return await passed.ExecuteScalarAsync(ct) is true;
    }
}

using InteractionEngine.Projections.Directory;
using Marten;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Rebuilds read models from Marten's events with the async daemon's rebuild: the projection's documents are
/// deleted, then every event is replayed through it in order. Run it while the feed is paused (CLI, maintenance),
/// since an inline projection rebuilt under live appends could interleave old and new writes.
/// </summary>
public sealed class ProjectionRebuilder(IDocumentStore store)
{
    public static readonly TimeSpan DefaultShardTimeout = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<string> ProjectionNames { get; } = ReadModelProjections.All.Select(p => p.Name).ToArray();

    public async Task RebuildAsync(string projectionName, TimeSpan? shardTimeout = null, CancellationToken ct = default)
    {
        var projection = ReadModelProjections.Find(projectionName);
        if (projection.DocumentTypes.Contains(typeof(ContactProfile)) && await new ContactDirectory(store).CountNotImportedAsync(ct) is > 0 and var waiting)
            throw new DirectoryNotImportedException(waiting);
        // The daemon tears down what it knows a projection publishes; a custom projection's documents it cannot know.
        foreach (var type in projection.DocumentTypes)
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, ct);

        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(projection.Name, shardTimeout ?? DefaultShardTimeout, ct);
    }

    public async Task RebuildAllAsync(TimeSpan? shardTimeout = null, CancellationToken ct = default)
    {
        foreach (var name in ProjectionNames) await RebuildAsync(name, shardTimeout, ct);
    }
}

using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// A projection whose reads can share one round trip with other projections': it registers them on a batched query
/// and, once that has run, applies the events from what it read. The journal feed prepares every inline projection on
/// one batch, so a commit makes one read however many projections it feeds (each round trip is a wait for both
/// processes on a busy machine), and documents the feed's <see cref="DocumentCache"/> holds are not read at all.
/// Marten's own entry point, <see cref="IProjection.ApplyAsync"/>, does both with a batch of its own
/// (<see cref="BatchedProjection.ApplyAloneAsync"/>).
/// </summary>
public interface IBatchedProjection : IProjection
{
    /// <summary>Registers the reads <paramref name="events"/> need; the step returned applies them once the reads ran (null: nothing to apply).</summary>
    Func<Task>? Prepare(ProjectionReads reads, IDocumentOperations operations, IReadOnlyList<IEvent> events);
}

public static class BatchedProjection
{
    /// <summary>Prepares, reads and applies one projection on its own (Marten's daemon, rebuilds, appends through a session).</summary>
    public static Task ApplyAloneAsync(this IBatchedProjection projection, IDocumentOperations operations, IReadOnlyList<IEvent> events,
        CancellationToken ct) => ApplyAllAsync([projection], operations, events, new ProjectionReads(operations), ct);

    /// <summary>
    /// Applies <paramref name="events"/> to every projection of <paramref name="projections"/>, with the reads of the batched
    /// ones in one round trip (none when <paramref name="reads"/>' cache holds everything they need).
    /// </summary>
    public static async Task ApplyAllAsync(IReadOnlyList<IProjection> projections, IDocumentOperations operations, IReadOnlyList<IEvent> events,
        ProjectionReads reads, CancellationToken ct)
    {
        var steps = new List<Func<Task>>(projections.Count);
        foreach (var projection in projections)
        {
            if (projection is not IBatchedProjection batched) await projection.ApplyAsync(operations, events, ct);
            else if (batched.Prepare(reads, operations, events) is { } step) steps.Add(step);
        }
        if (steps.Count == 0) return;
        await reads.ExecuteAsync(ct);
        foreach (var step in steps) await step();
    }
}

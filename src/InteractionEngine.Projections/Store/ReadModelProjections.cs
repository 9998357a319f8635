using InteractionEngine.Projections.ReadModels;
using JasperFx.Events.Projections;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Events.Projections;

namespace InteractionEngine.Projections.Store;

/// <summary>A registered projection: its name (for rebuilds), when it runs, and the documents it owns.</summary>
public sealed record ReadModelProjection(string Name, ProjectionLifecycle Lifecycle, IReadOnlyList<Type> DocumentTypes);

/// <summary>
/// Every projection of the read side, registered in one place. Inline ones commit in the same transaction
/// as the appended events (the agent UI reads its own writes); KPIs are analytics, so they run in the async
/// daemon and keep the append path short.
/// </summary>
public static class ReadModelProjections
{
    public static readonly IReadOnlyList<ReadModelProjection> All =
    [
        new(TranscriptProjection.Name, ProjectionLifecycle.Inline, TranscriptProjection.PublishedTypes),
        new(ContactSummaryProjection.ProjectionName, ProjectionLifecycle.Inline, [typeof(ContactSummary)]),
        new(InteractionKpiProjection.ProjectionName, ProjectionLifecycle.Async, [typeof(InteractionKpi)]),
    ];

    public static ReadModelProjection Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown projection '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}", nameof(name));

    // The inline projections each store was configured with: the journal feed appends its events itself and runs them.
    private static readonly ConditionalWeakTable<object, IReadOnlyList<IProjection>> InlineByOptions = new();

    internal static void Register(StoreOptions options)
    {
        var projections = new (IProjection Projection, string Name)[]
        {
            (new TranscriptProjection(), TranscriptProjection.Name),
            (new ContactSummaryProjection(), ContactSummaryProjection.ProjectionName),
            (new InteractionKpiProjection(), InteractionKpiProjection.ProjectionName),
        };
        foreach (var (projection, name) in projections) options.Projections.Add(projection, Find(name).Lifecycle, name, null!);
        InlineByOptions.AddOrUpdate(options,
            projections.Where(p => Find(p.Name).Lifecycle == ProjectionLifecycle.Inline).Select(p => p.Projection).ToList());
    }

    /// <summary>
    /// The inline projections registered with <paramref name="store"/> (none for a store of events only). Marten runs them
    /// for events appended through a session; the journal feed writes its events set-based and runs them itself, in the
    /// same transaction.
    /// </summary>
    public static IReadOnlyList<IProjection> InlineOf(IDocumentStore store) =>
        InlineByOptions.TryGetValue(store.Options, out var inline) ? inline : [];
}

using InteractionEngine.Projections.ReadModels;
using JasperFx.Events.Projections;
using Marten;

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

    internal static void Register(StoreOptions options)
    {
        options.Projections.Add(new TranscriptProjection(), Find(TranscriptProjection.Name).Lifecycle, TranscriptProjection.Name, null!);
        options.Projections.Add(new ContactSummaryProjection(), Find(ContactSummaryProjection.ProjectionName).Lifecycle,
            ContactSummaryProjection.ProjectionName, null!);
        options.Projections.Add(new InteractionKpiProjection(), Find(InteractionKpiProjection.ProjectionName).Lifecycle,
            InteractionKpiProjection.ProjectionName, null!);
    }
}

using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.ReadModels;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace InteractionEngine.Projections.Store;

/// <summary>A registered projection: its name (for rebuilds), when it runs, and the tables of the documents it owns.</summary>
public sealed class ReadModelProjection
{
    private readonly Func<SearchLanguages, IProjection> _create;

    internal ReadModelProjection(string name, ProjectionLifecycle lifecycle, Func<SearchLanguages, IProjection> create, params IReadModelTable[] tables)
    {
        Name = name;
        Lifecycle = lifecycle;
        _create = create;
        Tables = tables;
        DocumentTypes = tables.Select(t => t.DocumentType).ToArray();
    }

    public string Name { get; }
    public ProjectionLifecycle Lifecycle { get; }
    public IReadOnlyList<Type> DocumentTypes { get; }
    public IReadOnlyList<IReadModelTable> Tables { get; }

    internal IProjection Create(SearchLanguages languages) => _create(languages);
}

/// <summary>
/// Every projection of the read side, each named once. Inline ones commit in the same transaction as the appended
/// events (the agent UI reads its own writes); KPIs are analytics, so they run in the async daemon and keep the append
/// path short.
/// </summary>
public static class ReadModelProjections
{
    public static readonly IReadOnlyList<ReadModelProjection> All =
    [
        new(TranscriptProjection.Name, ProjectionLifecycle.Inline, languages => new TranscriptProjection(languages), TranscriptTables.Lines, TranscriptTables.Heads),
        new(ContactSummaryProjection.ProjectionName, ProjectionLifecycle.Inline, _ => new ContactSummaryProjection(), ContactSummaryTable.Definition),
        new(InteractionKpiProjection.ProjectionName, ProjectionLifecycle.Async, _ => new InteractionKpiProjection(), InteractionKpiTable.Definition),
        new(ContactProfileProjection.ProjectionName, ProjectionLifecycle.Inline, _ => new ContactProfileProjection(), ContactProfileTable.Definition),
        new(AgentStatusProjection.ProjectionName, ProjectionLifecycle.Inline, _ => new AgentStatusProjection(), AgentStatusTable.Definition),
        new(QueueEntryProjection.ProjectionName, ProjectionLifecycle.Inline, _ => new QueueEntryProjection(), QueueEntryTable.Definition),
    ];

    public static ReadModelProjection Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown projection '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}", nameof(name));

    /// <summary>Adds every projection to the store; the inline instances are handed to the journal feed (<see cref="InlineProjections"/>).</summary>
    internal static void Register(StoreOptions options, SearchLanguages languages)
    {
        var inline = new List<IProjection>();
        foreach (var registered in All)
        {
            var projection = registered.Create(languages);
            options.Projections.Add(projection, registered.Lifecycle, registered.Name, null!);
            if (registered.Lifecycle == ProjectionLifecycle.Inline) inline.Add(projection);
        }
        InlineProjections.Register(options, inline);
    }
}

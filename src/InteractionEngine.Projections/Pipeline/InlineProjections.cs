using System.Runtime.CompilerServices;
using Marten;
using Marten.Events.Projections;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// The inline projections each store was configured with. Marten runs them for events appended through a session;
/// the journal feed writes its events set-based and runs them itself, in the same transaction, so it needs the very
/// instances the store registered.
/// </summary>
public static class InlineProjections
{
    private static readonly ConditionalWeakTable<object, IReadOnlyList<IProjection>> ByOptions = new();

    public static void Register(StoreOptions options, IReadOnlyList<IProjection> inline) => ByOptions.AddOrUpdate(options, inline);

    /// <summary>The inline projections registered with <paramref name="store"/> (none for a store of events only).</summary>
    public static IReadOnlyList<IProjection> Of(IDocumentStore store) =>
        ByOptions.TryGetValue(store.Options, out var inline) ? inline : [];
}

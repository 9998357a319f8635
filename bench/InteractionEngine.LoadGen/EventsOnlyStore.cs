using InteractionEngine.Projections.Store;
using Marten;

namespace InteractionEngine.LoadGen;

/// <summary>
/// For the --read-models events experiment: the read side's event store exactly as the engine configures it, but with
/// no projection, so the pipeline only appends the events and its checkpoint. Comparing it with the full store
/// separates the event-store cost from the projections'.
/// </summary>
public static class EventsOnlyStore
{
    public static DocumentStore Create(string connectionString) =>
        DocumentStore.For(options => ReadModelStore.ConfigureEventStore(options, connectionString));
}

using Akka;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Conversations;

namespace InteractionEngine.LoadGen;

/// <summary>
/// Follows EventsByTag("conversation") from the journal head, exactly as the read-side pipeline reads it, and records
/// how long after its journal write timestamp each event is delivered: the query's share of the pipeline lag.
/// </summary>
public static class QueryDeliveryProbe
{
    public static async Task<(UniqueKillSwitch Kill, Task Done)> StartAsync(BenchNode node, LatencyRecorder delivered)
    {
        var from = await node.JournalHeadAsync();
        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (kill, done) = journal.EventsByTag(ConversationTagger.Tag, Offset.Sequence(from))
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<EventEnvelope>(e =>
                delivered.RecordMicros((DateTime.UtcNow.Ticks - e.Timestamp) / 10)), Keep.Both)
            .Run(node.System.Materializer());
        return (kill, done);
    }
}

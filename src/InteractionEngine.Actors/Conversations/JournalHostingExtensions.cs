using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using SqlJournalOptions = Akka.Persistence.Sql.Hosting.SqlJournalOptions;
using SqlSnapshotOptions = Akka.Persistence.Sql.Hosting.SqlSnapshotOptions;
using InteractionEngine.Domain.Conversations;
using LinqToDB;

namespace InteractionEngine.Actors.Conversations;

public static class JournalHostingExtensions
{
    /// <summary>
    /// The Akka.Persistence.Sql journal and snapshot store on PostgreSQL, tables created on first start.
    /// Tags are stored as CSV on the journal row: the tag-table mode scans the whole tags table per row
    /// read and stops scaling past a few hundred thousand events (measured: a 500-row page took ~11 s at 500k tag rows).
    /// </summary>
    public static AkkaConfigurationBuilder AddConversationJournal(this AkkaConfigurationBuilder builder, string connectionString,
        TimeSpan? queryRefreshInterval = null)
    {
        var refresh = queryRefreshInterval ?? TimeSpan.FromMilliseconds(250);
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.PostgreSQL15,
            AutoInitialize = true,
            TagStorageMode = TagMode.Csv,
            QueryRefreshInterval = refresh,
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.PostgreSQL15,
            AutoInitialize = true,
        };
        // One journal write in flight: the writes queued behind it go as one multi-row insert, so a moderate load makes
        // a few larger transactions instead of many single-row ones (each a commit and a WAL flush). Measured with the
        // load generator: PostgreSQL CPU per message at half of the maximum about 850 -> 730 µs, and the flat-out
        // maximum with the read models keeping up higher (docs/benchmarks.md).
        builder.AddHocon("akka.persistence.journal.sql.parallelism = 1", HoconAddMode.Prepend);
        // The read side follows the journal with EventsByTag, which only reads up to the highest gap-free ordering the
        // journal-sequence actor has seen. The read side's latency comes from the actors publishing their events (the
        // query is its durable backstop), so both poll at a relaxed pace: an event whose publication was lost is in the
        // read models within about half a second. 20 tries x 50 ms wait a second for a slow concurrent commit before
        // calling an ordering gap missing (a rolled-back write).
        builder.AddHocon($$"""
            akka.persistence.query.journal.sql {
              refresh-interval = {{(int)refresh.TotalMilliseconds}}ms
              journal-sequence-retrieval { query-delay = 50ms, max-tries = 20 }
            }
            """, HoconAddMode.Prepend);
        // While PostgreSQL is down, each plugin's circuit breaker opens after 10 failures and fails calls fast (entity
        // recoveries and writes back off instead of piling up on connection attempts). It tries again after the reset
        // timeout: Akka's 30 s kept every conversation answering 503 for half a minute after the database was back
        // (DatabaseOutageTests); 5 s probes a recovered database soon while still sparing a down one.
        builder.AddHocon("""
            akka.persistence.journal.sql.circuit-breaker { max-failures = 10, call-timeout = 10s, reset-timeout = 5s }
            akka.persistence.snapshot-store.sql.circuit-breaker { max-failures = 10, call-timeout = 10s, reset-timeout = 5s }
            """, HoconAddMode.Prepend);
        // The plugins' defaults (including the query plugin's class) come with the options; append them under ours.
        builder.AddHocon(journal.DefaultConfig, HoconAddMode.Append).AddHocon(journal.DefaultQueryConfig, HoconAddMode.Append)
            .AddHocon(snapshots.DefaultConfig, HoconAddMode.Append);
        return builder.WithJournalAndSnapshot(journal, snapshots,
            adapters => adapters.AddWriteEventAdapter<ConversationTagger>("conversation-tagger", [typeof(IConversationEvent)]),
            configureSnapshot: null);
    }
}

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
    /// read and stops scaling past a few hundred thousand events (shared/versions.md, gotcha 1).
    /// </summary>
    public static AkkaConfigurationBuilder AddConversationJournal(this AkkaConfigurationBuilder builder, string connectionString,
        TimeSpan? queryRefreshInterval = null)
    {
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.PostgreSQL15,
            AutoInitialize = true,
            TagStorageMode = TagMode.Csv,
            QueryRefreshInterval = queryRefreshInterval ?? TimeSpan.FromMilliseconds(250),
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.PostgreSQL15,
            AutoInitialize = true,
        };
        return builder.WithJournalAndSnapshot(journal, snapshots,
            adapters => adapters.AddWriteEventAdapter<ConversationTagger>("conversation-tagger", [typeof(IConversationEvent)]),
            configureSnapshot: null);
    }
}

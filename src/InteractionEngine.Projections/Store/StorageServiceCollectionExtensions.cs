using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Idempotency;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.Realtime;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Projections.Store;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Everything the engine keeps in PostgreSQL besides the journal: the Marten store (own schema, same database as
    /// the journal) with its async daemon for the cross-conversation projections (KPIs; hot/cold: one node runs it,
    /// another takes over), the pipeline's status, the query service and the stores (attachments, directory,
    /// idempotent replies, the real-time change feed, the event export).
    /// </summary>
    public static IServiceCollection AddEngineStorage(this IServiceCollection services, string connectionString)
    {
        // First: hosted services start in order, so the schema exists before Marten's daemon starts (no DDL race).
        services.AddHostedService<ReadModelSchemaInitializer>();
        services.AddMarten(options => ReadModelStore.Configure(options, connectionString)).AddAsyncDaemon(DaemonMode.HotCold);
        return services
            .AddSingleton<PipelineStatus>()
            .AddSingleton<ConversationQueries>()
            .AddSingleton<AttachmentStore>()
            .AddSingleton<ContactDirectory>()
            .AddSingleton<IdempotentReplies>()
            .AddSingleton<ChangeFeed>()
            .AddSingleton<DatabasePing>()
            .AddSingleton(new EventExportReader(connectionString, ReadModelStore.DefaultSchema));
    }
}

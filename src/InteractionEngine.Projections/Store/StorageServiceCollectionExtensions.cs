using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Idempotency;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
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
    /// <param name="searchLanguages">Each tenant's search language (Tenants:{id}:SearchLanguage); null: 'simple' for all.</param>
    public static IServiceCollection AddEngineStorage(this IServiceCollection services, string connectionString, SearchLanguages? searchLanguages = null)
    {
        searchLanguages ??= SearchLanguages.Default;
        // First: hosted services start in order, so the schema exists before Marten's daemon starts (no DDL race).
        services.AddHostedService<ReadModelSchemaInitializer>();
        services.AddMarten(options => ReadModelStore.Configure(options, connectionString, searchLanguages: searchLanguages)).AddAsyncDaemon(DaemonMode.HotCold);
        return services
            .AddSingleton(searchLanguages)
            .AddSingleton<PipelineStatus>()
            .AddSingleton<ConversationQueries>()
            .AddSingleton<AgentQueries>()
            .AddSingleton<AttachmentStore>()
            .AddSingleton<ContactDirectory>()
            .AddSingleton<IdempotentReplies>()
            .AddSingleton<ChangeFeed>()
            .AddSingleton<DatabasePing>()
            .AddSingleton(new EventExportReader(connectionString, ReadModelStore.DefaultSchema));
    }
}

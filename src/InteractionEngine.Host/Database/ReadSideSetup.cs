using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.Store;
using JasperFx.Events.Daemon;
using Marten;

namespace InteractionEngine.Host.Database;

public static class ReadSideSetup
{
    /// <summary>
    /// The Marten store (own schema, same database as the journal) with its async daemon for the cross-conversation
    /// projections (KPIs; hot/cold: one node runs it, another takes over), the pipeline's status and the query service.
    /// </summary>
    public static IServiceCollection AddReadSide(this IServiceCollection services, EngineDatabase database)
    {
        // First: hosted services start in order, so the schema exists before Marten's daemon starts (no DDL race).
        services.AddHostedService<ReadModelSchemaInitializer>();
        services.AddMarten(options => ReadModelStore.Configure(options, database.ConnectionString)).AddAsyncDaemon(DaemonMode.HotCold);
        return services.AddSingleton<PipelineStatus>().AddSingleton<ConversationQueries>();
    }
}

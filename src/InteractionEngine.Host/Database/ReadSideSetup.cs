using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.Store;
using Marten;

namespace InteractionEngine.Host.Database;

public static class ReadSideSetup
{
    /// <summary>The Marten store (own schema, same database as the journal), the pipeline's status and the query service.</summary>
    public static IServiceCollection AddReadSide(this IServiceCollection services, EngineDatabase database) => services
        .AddSingleton<IDocumentStore>(_ => ReadModelStore.Create(database.ConnectionString))
        .AddSingleton<PipelineStatus>()
        .AddSingleton<ConversationQueries>()
        .AddHostedService<ReadModelSchemaInitializer>();
}

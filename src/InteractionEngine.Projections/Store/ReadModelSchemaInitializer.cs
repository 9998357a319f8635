using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Creates or updates the store's whole schema (Marten's event tables, every registered document, the attachments
/// table: <see cref="EngineSchema"/>) at start-up, before the pipeline or any query touches it. Registered before Akka,
/// so it has run when the pipeline starts.
/// </summary>
public sealed class ReadModelSchemaInitializer(IDocumentStore store, ILogger<ReadModelSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        logger.LogInformation("Read-model schema is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Idempotency;
using InteractionEngine.Projections.ReadModels;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Creates or updates the read-model schema (Marten's event and document tables) at start-up, before the
/// pipeline or any query touches it. Registered before Akka, so it has run when the pipeline starts.
/// </summary>
public sealed class ReadModelSchemaInitializer(IDocumentStore store, AttachmentStore attachments, ILogger<ReadModelSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Documents written only by projections are not always part of the configured set; queries need their tables now.
        foreach (var document in new[] { typeof(ContactSummary), typeof(TranscriptLine), typeof(InteractionKpi), typeof(ContactProfile), typeof(IdempotentReply) })
            await store.Storage.Database.EnsureStorageExistsAsync(document, cancellationToken);
        await attachments.EnsureSchemaAsync(cancellationToken);
        logger.LogInformation("Read-model schema is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

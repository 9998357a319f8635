namespace InteractionEngine.Host.Attachments;

public sealed class AttachmentSchemaInitializer(AttachmentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

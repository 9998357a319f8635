using InteractionEngine.EmbeddedPostgres;

namespace InteractionEngine.Host.Database;

/// <summary>
/// Stops the embedded PostgreSQL when the engine stops. Registered before Akka, so (hosted services
/// stop in reverse order) the actor system has left the cluster and flushed the journal first.
/// </summary>
public sealed class EmbeddedDatabaseShutdown(ResolvedDatabase database, ILogger<EmbeddedDatabaseShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (database.Embedded is not { } server) return;
        logger.LogInformation("Stopping embedded PostgreSQL on port {Port}", server.Port);
        await server.StopAsync();
    }
}

using InteractionEngine.Projections.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace InteractionEngine.Host.Health;

public sealed class DatabaseHealthCheck(DatabasePing database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
        }
    }
}

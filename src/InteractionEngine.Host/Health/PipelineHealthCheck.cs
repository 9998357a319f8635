using InteractionEngine.Projections.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InteractionEngine.Host.Health;

/// <summary>
/// Reports the read-side pipeline's position and lag. A stopped pipeline does not stop writes (they stay in
/// the journal and are copied when it resumes), so it makes the engine Degraded, not unready.
/// </summary>
public sealed class PipelineHealthCheck(PipelineStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (p50, p99, max) = status.RecentLag();
        var data = new Dictionary<string, object>
        {
            ["running"] = status.Running,
            ["committedOrdering"] = status.CommittedOrdering,
            ["eventsCopied"] = status.EventsCopied,
            ["eventsFromJournal"] = status.EventsFromJournal,
            ["lagP50Ms"] = Math.Round(p50, 1),
            ["lagP99Ms"] = Math.Round(p99, 1),
            ["lagMaxMs"] = Math.Round(max, 1),
            ["lastCommitAt"] = status.LastCommitAt?.ToString("O") ?? "",
        };
        if (status.LastError is { } error) data["lastError"] = error;
        return Task.FromResult(status.Running
            ? HealthCheckResult.Healthy("read-side pipeline is following the journal", data)
            : HealthCheckResult.Degraded(status.LastError is null ? "read-side pipeline is not running on this node" : "read-side pipeline is restarting", data: data));
    }
}

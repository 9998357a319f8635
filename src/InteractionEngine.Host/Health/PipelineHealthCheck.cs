using InteractionEngine.Projections.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InteractionEngine.Host.Health;

/// <summary>
/// Reports the read-side pipeline's position and lag. It is a cluster singleton: a node it does not run on is healthy
/// while it hears the pipeline's heartbeat from another node. A pipeline that runs nowhere (or is restarting) does not
/// stop writes (they stay in the journal and are copied when it resumes), so it makes the engine Degraded, not unready.
/// </summary>
public sealed class PipelineHealthCheck(PipelineStatus status, TimeProvider clock) : IHealthCheck
{
    /// <summary>Five missed heartbeats (one a second) before a node says no pipeline runs: a singleton handover takes a few.</summary>
    public static readonly TimeSpan HeartbeatSilence = TimeSpan.FromSeconds(5);

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
        if (status.Running) return Task.FromResult(HealthCheckResult.Healthy("read-side pipeline is following the journal", data));

        if (status.ElsewhereHeardAt is { } heard && clock.GetUtcNow() - heard < HeartbeatSilence && status.LastError is null)
        {
            data["runsOn"] = status.ElsewhereNode ?? "";
            data["committedOrdering"] = status.ElsewhereOrdering;
            data["heardAt"] = heard.ToString("O");
            return Task.FromResult(HealthCheckResult.Healthy("read-side pipeline runs on another node and is following the journal", data));
        }
        return Task.FromResult(HealthCheckResult.Degraded(status.LastError is null
            ? "read-side pipeline runs neither on this node nor, by its heartbeat, on another"
            : "read-side pipeline is restarting", data: data));
    }
}

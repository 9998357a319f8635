using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InteractionEngine.Host.Health;

/// <summary>Ready only when this node is an Up member of the cluster, so the shard region can place conversations.</summary>
public sealed class ClusterHealthCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cluster = Cluster.Get(system);
        var status = cluster.SelfMember.Status;
        var data = new Dictionary<string, object> { ["self"] = cluster.SelfAddress.ToString(), ["status"] = status.ToString(), ["members"] = cluster.State.Members.Count };
        return Task.FromResult(status == MemberStatus.Up
            ? HealthCheckResult.Healthy("cluster member is up", data)
            : HealthCheckResult.Unhealthy($"cluster member is {status}", data: data));
    }
}

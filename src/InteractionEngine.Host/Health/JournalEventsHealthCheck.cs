using InteractionEngine.Actors.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InteractionEngine.Host.Health;

/// <summary>
/// The alert for journal events this node could not read: Degraded (the rest serves on) naming each conversation
/// stopped on one, the event and why, until an operator repairs the row and restarts the node (docs/reliability.md).
/// </summary>
public sealed class JournalEventsHealthCheck(UndecodableEvents events) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var found = events.Found;
        if (found.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("every journal event met so far could be read"));
        var data = found.ToDictionary(f => $"{f.PersistenceId}@{f.SequenceNr}", object (f) => $"{f.Manifest}: {f.Reason} (met by {f.FoundBy})");
        var conversations = found.Select(f => f.PersistenceId).Distinct().ToList();
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{conversations.Count} conversation(s) stopped on a journal event that cannot be read: {string.Join(", ", conversations.Take(10))}", data: data));
    }
}

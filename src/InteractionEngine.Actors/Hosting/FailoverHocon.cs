using System.Globalization;

namespace InteractionEngine.Actors.Hosting;

/// <summary>
/// How fast a dead node's conversations move: failure detector, split brain resolver and removal margin from
/// <see cref="AkkaSettings"/> (why these numbers keep one writer per conversation: docs/reliability.md).
/// </summary>
public static class FailoverHocon
{
    public static string From(AkkaSettings settings) => $$"""
        akka.cluster.failure-detector.heartbeat-interval = {{Ms(settings.HeartbeatInterval)}}
        akka.cluster.failure-detector.acceptable-heartbeat-pause = {{Ms(settings.AcceptableHeartbeatPause)}}
        akka.cluster.split-brain-resolver.stable-after = {{Ms(settings.StableAfter)}}
        akka.cluster.down-removal-margin = {{(settings.DownRemovalMargin == TimeSpan.Zero ? "off" : Ms(settings.DownRemovalMargin))}}
        """;

    private static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}

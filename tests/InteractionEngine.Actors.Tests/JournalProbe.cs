using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;

namespace InteractionEngine.Actors.Tests;

/// <summary>Reads what a persistent actor really wrote, straight from the configured journal.</summary>
internal static class JournalProbe
{
    public static IReadOnlyList<object> Events(TestKitBase kit, string persistenceId)
    {
        var probe = kit.CreateTestProbe();
        Persistence.Instance.Apply(kit.Sys).JournalFor(null)
            .Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, persistenceId, probe.Ref));
        var events = new List<object>();
        while (true)
        {
            var message = probe.ExpectMsg<object>(TimeSpan.FromSeconds(10));
            switch (message)
            {
                case ReplayedMessage r: events.Add(r.Persistent.Payload); break;
                case RecoverySuccess: return events;
                case ReplayMessagesFailure f: throw f.Cause;
            }
        }
    }

    public static SelectedSnapshot? LatestSnapshot(TestKitBase kit, string persistenceId)
    {
        var result = Persistence.Instance.Apply(kit.Sys).SnapshotStoreFor(null)
            .Ask<LoadSnapshotResult>(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(10))
            .GetAwaiter().GetResult();
        return result.Snapshot;
    }
}

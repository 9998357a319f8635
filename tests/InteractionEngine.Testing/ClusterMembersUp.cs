using Akka.Actor;
using Akka.Cluster;

namespace InteractionEngine.Testing;

/// <summary>
/// Waits until a node's own view of the cluster shows itself Up among at least a number of Up members. It listens to member events rather than
/// polling <c>Cluster.State</c>, whose snapshot can lag the MemberUp callback.
/// </summary>
public static class ClusterMembersUp
{
    public static async Task WaitAsync(ActorSystem system, int count, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new Watcher(count, reached)));
        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        finally
        {
            watcher.Tell(PoisonPill.Instance);
        }
    }

    private sealed class Watcher : ReceiveActor
    {
        private readonly HashSet<UniqueAddress> _up = [];

        public Watcher(int count, TaskCompletionSource reached)
        {
            var self = Cluster.Get(Context.System).SelfUniqueAddress;
            Receive<ClusterEvent.IMemberEvent>(e =>
            {
                if (e.Member.Status == MemberStatus.Up) _up.Add(e.Member.UniqueAddress);
                else _up.Remove(e.Member.UniqueAddress);
                if (_up.Contains(self) && _up.Count >= count) reached.TrySetResult();
            });
        }

        protected override void PreStart() =>
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}

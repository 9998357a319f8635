using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Projections.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InteractionEngine.Projections.ReadYourWrites;

/// <summary>
/// On every node: turns the pipeline's <see cref="ReadSideCommitted"/> (distributed pub-sub, so it reaches the nodes the
/// pipeline does not run on) into <see cref="ReadSideCommits.Committed"/>, which wakes this node's read-your-writes waiters,
/// and its <see cref="ReadSidePipelineAlive"/> heartbeat from another node into <see cref="PipelineStatus.HeardAlive"/> for readiness.
/// </summary>
public sealed class ReadSideCommitListener(IServiceProvider services, ReadSideCommits commits, PipelineStatus status, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: hosted services are built before Akka's has started the system.
        var system = services.GetRequiredService<ActorSystem>();
        var listener = system.ActorOf(Props.Create(() => new Listener(commits, status, clock)), "read-your-writes-listener");
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            system.Stop(listener);
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(ReadSideCommits commits, PipelineStatus status, TimeProvider clock)
        {
            var mediator = DistributedPubSub.Get(Context.System).Mediator;
            mediator.Tell(new Subscribe(ReadSideCommitted.Topic, Self));
            mediator.Tell(new Subscribe(ReadSidePipelineAlive.Topic, Self));
            var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
            Receive<ReadSideCommitted>(_ => commits.Committed());
            Receive<ReadSidePipelineAlive>(alive =>
            {
                if (alive.Node != self) status.HeardAlive(alive.JournalOrdering, alive.Node, clock.GetUtcNow());
            });
            Receive<SubscribeAck>(_ => { });
        }
    }
}

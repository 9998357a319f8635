using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using InteractionEngine.Actors.ReadSide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InteractionEngine.Projections.ReadYourWrites;

/// <summary>
/// On every node: turns the pipeline's <see cref="ReadSideCommitted"/> (distributed pub-sub, so it reaches the nodes the
/// pipeline does not run on) into <see cref="ReadSideCommits.Committed"/>, which wakes this node's read-your-writes waiters.
/// </summary>
public sealed class ReadSideCommitListener(IServiceProvider services, ReadSideCommits commits) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: hosted services are built before Akka's has started the system.
        var system = services.GetRequiredService<ActorSystem>();
        var listener = system.ActorOf(Props.Create(() => new Listener(commits)), "read-your-writes-listener");
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
        public Listener(ReadSideCommits commits)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ReadSideCommitted.Topic, Self));
            Receive<ReadSideCommitted>(_ => commits.Committed());
            Receive<SubscribeAck>(_ => { });
        }
    }
}

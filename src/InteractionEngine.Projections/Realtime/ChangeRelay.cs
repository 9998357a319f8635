using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using InteractionEngine.Actors.ReadSide;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Projections.Realtime;

/// <summary>
/// On every node: follows Marten's committed events and hands them to this node's subscribers (<see cref="IChangeSubscribers"/>:
/// the Host's SignalR subscriptions). The pipeline's
/// <see cref="ReadSideCommitted"/> (distributed pub-sub, so any node hears it) wakes it at once; a one-second
/// poll covers a lost nudge.
/// </summary>
public sealed class ChangeRelay(IServiceProvider services, ChangeFeed feed, IChangeSubscribers subscribers, ILogger<ChangeRelay> logger)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _nudge = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: hosted services are built before Akka's has started the system.
        var system = services.GetRequiredService<ActorSystem>();
        var listener = system.ActorOf(Props.Create(() => new NudgeListener(Nudge)), "realtime-relay-listener");
        try
        {
            var position = await StartPositionAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await _nudge.WaitAsync(Poll, stoppingToken);
                try
                {
                    IReadOnlyList<RealtimeChange> changes;
                    do
                    {
                        changes = await feed.ReadAfterAsync(position, null, null, stoppingToken);
                        if (changes.Count == 0) break;
                        await subscribers.PushAsync(changes, stoppingToken);
                        position = changes[^1].Position;
                    } while (changes.Count > 0);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Real-time relay could not read changes after {Position}; retrying", position);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            system.Stop(listener);
        }
    }

    private async Task<long> StartPositionAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await feed.MaxPositionAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Real-time relay waits for the read model schema");
                await Task.Delay(Poll, ct);
            }
        }
    }

    private void Nudge()
    {
        if (_nudge.CurrentCount == 0)
        {
            try { _nudge.Release(); } catch (SemaphoreFullException) { }
        }
    }

    private sealed class NudgeListener : ReceiveActor
    {
        public NudgeListener(Action nudge)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ReadSideCommitted.Topic, Self));
            Receive<ReadSideCommitted>(_ => nudge());
            Receive<SubscribeAck>(_ => { });
        }
    }
}

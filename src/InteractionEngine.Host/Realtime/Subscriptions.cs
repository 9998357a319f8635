using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

using InteractionEngine.Projections.Realtime;

namespace InteractionEngine.Host.Realtime;

/// <summary>What a subscriber receives (hub method "change") for every committed change its subscription matches.</summary>
public sealed record ChangeMessage(string Subscription, long Position, string ConversationId, long Version, string EventType, System.Text.Json.JsonElement Event)
{
    public const string Method = "change";
}

/// <summary>
/// Per connection: its subscriptions and the last position each was sent. One gate per connection orders the
/// catch-up (backlog) and the live pushes, so a client sees every change once, in order, with no gap.
/// </summary>
public sealed class SubscriptionRegistry(ChangeFeed feed, IHubContext<ConversationHub> hub) : IChangeSubscribers
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new();

    public async Task SubscribeAsync(string connectionId, Subscription subscription, long? afterPosition, CancellationToken ct)
    {
        var state = _connections.GetOrAdd(connectionId, _ => new ConnectionState());
        await state.Gate.WaitAsync(ct);
        try
        {
            var last = afterPosition ?? await feed.MaxPositionAsync(ct);
            state.LastSent[subscription] = last;
            // Catch up on what the client missed; anything committed later reaches it through PushAsync.
            while (true)
            {
                var backlog = await feed.ReadAfterAsync(last, subscription.ConversationId, subscription.Tenant, ct);
                foreach (var change in backlog.Where(subscription.Matches))
                    await Send(connectionId, subscription, change, ct);
                if (backlog.Count == 0) break;
                last = backlog[^1].Position;
                state.LastSent[subscription] = Math.Max(state.LastSent[subscription], last);
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Pushes changes (in position order) to every subscription that has not had them yet.</summary>
    public async Task PushAsync(IReadOnlyList<RealtimeChange> changes, CancellationToken ct)
    {
        foreach (var (connectionId, state) in _connections)
        {
            await state.Gate.WaitAsync(ct);
            try
            {
                foreach (var (subscription, lastSent) in state.LastSent.ToList())
                {
                    var last = lastSent;
                    foreach (var change in changes.Where(c => c.Position > last && subscription.Matches(c)))
                    {
                        await Send(connectionId, subscription, change, ct);
                        last = change.Position;
                    }
                    if (changes.Count > 0) state.LastSent[subscription] = Math.Max(last, changes[^1].Position);
                }
            }
            finally
            {
                state.Gate.Release();
            }
        }
    }

    private Task Send(string connectionId, Subscription subscription, RealtimeChange change, CancellationToken ct) =>
        hub.Clients.Client(connectionId).SendAsync(ChangeMessage.Method,
            new ChangeMessage(subscription.Key, change.Position, change.ConversationId, change.Version, change.EventType, change.Event), ct);

    private sealed class ConnectionState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public Dictionary<Subscription, long> LastSent { get; } = new();
    }
}

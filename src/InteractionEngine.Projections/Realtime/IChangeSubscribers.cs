namespace InteractionEngine.Projections.Realtime;

/// <summary>Whoever shows committed changes live (the Host's SignalR subscriptions); the <see cref="ChangeRelay"/> feeds it in position order.</summary>
public interface IChangeSubscribers
{
    Task PushAsync(IReadOnlyList<RealtimeChange> changes, CancellationToken ct);
}

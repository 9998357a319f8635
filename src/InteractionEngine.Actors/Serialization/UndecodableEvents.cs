using System.Collections.Concurrent;
using Akka.Actor;

namespace InteractionEngine.Actors.Serialization;

/// <summary>An event of the journal that could not be read, where it was met (a conversation's recovery, a follower).</summary>
public sealed record UndecodableEventFound(string PersistenceId, long SequenceNr, string Manifest, string Reason, string FoundBy);

/// <summary>
/// The alert for unreadable journal events: each one met, by persistence id (the health check <c>journal-events</c>
/// reports them as Degraded). Fed from the actor system's event stream, where conversations and followers publish
/// <see cref="UndecodableEventFound"/>; one per node.
/// </summary>
public sealed class UndecodableEvents
{
    private readonly ConcurrentDictionary<string, UndecodableEventFound> _found = new(StringComparer.Ordinal);

    public IReadOnlyCollection<UndecodableEventFound> Found => _found.Values.OrderBy(f => f.PersistenceId, StringComparer.Ordinal).ToList();

    internal void Add(UndecodableEventFound found) => _found.TryAdd($"{found.PersistenceId}@{found.SequenceNr}", found);

    /// <summary>Subscribes to the event stream and records what is published there.</summary>
    internal sealed class Collector : ReceiveActor
    {
        public Collector(UndecodableEvents events)
        {
            Receive<UndecodableEventFound>(events.Add);
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(UndecodableEventFound));

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
    }
}

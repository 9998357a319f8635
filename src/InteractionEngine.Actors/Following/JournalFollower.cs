using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;

namespace InteractionEngine.Actors.Following;

/// <summary>
/// What a follower is given when it (re)starts: the actor system, its actor (the sender to use for requests whose
/// acknowledgements the actor may ignore, such as a pub-sub subscription), and a token cancelled when the actor stops.
/// </summary>
public sealed record FollowerContext(ActorSystem System, IActorRef Self, CancellationToken Stopping);

/// <summary>
/// Something that follows the journal (the read-side pipeline, an outbound dispatcher, an outbound webhook):
/// it names where it stopped, and turns conversation events into stored offsets. <see cref="JournalFollowerActor"/>
/// runs it: once per cluster, from the stored offset, restarted with backoff after a failure. A follower stores its
/// offset itself, inside its flow, only once everything before it is done: a restart then repeats at most the work
/// after the last stored offset, which every follower must tolerate (idempotent append, insert-once claims).
/// </summary>
public abstract class JournalFollower
{
    /// <summary>For logs ("read-side pipeline", "WhatsApp dispatcher").</summary>
    public abstract string Name { get; }

    /// <summary>The first wait before a restart after a failure; it doubles up to a minute and resets once the flow makes progress.</summary>
    public virtual TimeSpan RestartBackoff => TimeSpan.FromSeconds(1);

    /// <summary>How often <see cref="TickAsync"/> runs while the stream runs; null: never.</summary>
    public virtual TimeSpan? TickEvery => null;

    /// <summary>
    /// Prepares a run and returns the journal ordering to resume after (exclusive), or null when this follower is
    /// not to run here (disabled, not configured). A failure is retried like a failed stream.
    /// </summary>
    public abstract Task<long?> StartAsync(FollowerContext context);

    /// <summary>From the journal's envelopes (in global order) to the offsets the follower has stored, in order.</summary>
    public abstract Flow<EventEnvelope, long, NotUsed> Flow(FollowerContext context);

    /// <summary>Periodic work beside the stream (e.g. flushing a position); its failures are the follower's to log.</summary>
    public virtual Task TickAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The stream ended: <paramref name="error"/> null when stopped on purpose.</summary>
    public virtual void Stopped(Exception? error) { }
}

using Akka.Actor;
using Akka.Event;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// Answers a conversation command that reached no actor at once, instead of leaving its caller to the ask timeout.
/// A conversation whose recovery fails (PostgreSQL down, its circuit breaker open) stops, and the commands it held
/// while recovering go to dead letters: none was processed, so "unavailable, retry" is the truth, and the caller (a
/// channel redelivering, a routing layer) retries in milliseconds rather than after 10 s per attempt.
/// One per node: dead letters are published on the node where delivery failed.
/// </summary>
public sealed class UndeliveredCommandAnswerer : ReceiveActor
{
    public static readonly Reply Unavailable = new(ReplyCode.Unavailable, "the conversation could not start (its journal is unavailable); retry");

    public UndeliveredCommandAnswerer()
    {
        Receive<DeadLetter>(IsUnansweredCommand, letter => letter.Sender.Tell(Unavailable));
    }

    private static bool IsUnansweredCommand(DeadLetter letter) =>
        letter.Message is IConversationCommand or CorrelatedCommand
        && !letter.Sender.IsNobody() && !letter.Sender.Equals(ActorRefs.NoSender);

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}

using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// The conversation entities' mailbox: a deque (persistent actors stash and prepend) over a small locked queue.
/// The default unbounded mailbox is a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> whose first
/// segment alone is about 1 KB per actor, idle or not. A node keeps 100,000 conversations live and each one gets a few
/// messages a minute, nearly all from its shard, so contention does not matter here and the memory does.
/// </summary>
public sealed class ConversationMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<ConversationMailbox.Queue>
{
    /// <summary>Where the mailbox is configured; entity props name it with <c>WithMailbox</c>.</summary>
    public const string ConfigPath = "interaction-engine.conversation-mailbox";

    /// <summary>The configuration that defines the mailbox at <see cref="ConfigPath"/>.</summary>
    public static readonly string Hocon =
        $"{ConfigPath}.mailbox-type = \"{typeof(ConversationMailbox).FullName}, {typeof(ConversationMailbox).Assembly.GetName().Name}\"";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new Queue();

    public sealed class Queue() : DequeWrapperMessageQueue(new LockedQueue()), IUnboundedDequeBasedMessageQueueSemantics;

    private sealed class LockedQueue : IMessageQueue, IUnboundedMessageQueueSemantics
    {
        // No array until the first message; then 4 slots, growing only for a burst.
        private readonly Queue<Envelope> _items = new();
        private int _count;

        public bool HasMessages => Volatile.Read(ref _count) > 0;

        public int Count => Volatile.Read(ref _count);

        public void Enqueue(IActorRef receiver, Envelope envelope)
        {
            lock (_items)
            {
                _items.Enqueue(envelope);
                Volatile.Write(ref _count, _items.Count);
            }
        }

        public bool TryDequeue(out Envelope envelope)
        {
            lock (_items)
            {
                var dequeued = _items.TryDequeue(out envelope);
                Volatile.Write(ref _count, _items.Count);
                return dequeued;
            }
        }

        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
            while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
        }
    }
}

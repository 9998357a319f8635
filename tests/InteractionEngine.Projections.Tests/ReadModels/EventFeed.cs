using InteractionEngine.Domain.Conversations;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>Appends events the way the journal feed does: batches that mix streams, each stream in order.</summary>
internal static class EventFeed
{
    public static async Task AppendAsync(IDocumentStore store, IEnumerable<IConversationEvent> batch)
    {
        await using var session = store.LightweightSession();
        foreach (var e in batch) session.Events.Append(e.ConversationId.Value, e);
        await session.SaveChangesAsync();
    }

    /// <summary>
    /// Interleaves the conversations' events into batches of 1 to <paramref name="maxBatch"/> events (seeded, so
    /// runs repeat), which puts a message and its status sometimes in one batch and sometimes in two.
    /// </summary>
    public static async Task AppendInterleavedAsync(IDocumentStore store, IEnumerable<ConversationScript> conversations,
        int seed = 7, int maxBatch = 6)
    {
        var random = new Random(seed);
        var queues = conversations.Select(c => new Queue<IConversationEvent>(c.Events)).Where(q => q.Count > 0).ToList();
        while (queues.Count > 0)
        {
            var batch = new List<IConversationEvent>();
            var size = random.Next(1, maxBatch + 1);
            while (batch.Count < size && queues.Count > 0)
            {
                var queue = queues[random.Next(queues.Count)];
                batch.Add(queue.Dequeue());
                if (queue.Count == 0) queues.Remove(queue);
            }
            await AppendAsync(store, batch);
        }
    }
}

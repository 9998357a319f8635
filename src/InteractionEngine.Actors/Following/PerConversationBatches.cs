using System.Collections.Immutable;
using Akka;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace InteractionEngine.Actors.Following;

/// <summary>
/// Per-conversation order with the stream's own tools, for followers with side effects (outbound senders): journal
/// events are batched while the previous batch runs (single events when idle, bigger batches under load); within a
/// batch the conversations run side by side (at most <c>parallelism</c>) and each conversation's items run one after
/// the other, in journal order. A batch's last journal ordering is emitted only once all of it is done, so an offset
/// stored from it never passes an unfinished item.
/// </summary>
public static class PerConversationBatches
{
    /// <param name="select">The item an envelope asks for with its conversation key, or null to pass over it.</param>
    public static Flow<EventEnvelope, long, NotUsed> Flow<T>(int maxBatchSize, int parallelism,
        Func<EventEnvelope, (string Conversation, T Item)?> select, Func<T, Task> handle, IMaterializer materializer) =>
        Akka.Streams.Dsl.Flow.Create<EventEnvelope>()
            .Batch(maxBatchSize, e => ImmutableList.Create(e), (batch, e) => batch.Add(e))
            .SelectAsync(1, async batch =>
            {
                var items = batch.Select(select).Where(i => i is not null).Select(i => i!.Value).ToList();
                if (items.Count > 0) await RunAsync(items, parallelism, handle, materializer);
                return ((Sequence)batch[^1].Offset).Value;
            });

    /// <summary>Runs one batch: conversations in parallel, each conversation's items in order; completes when every item is done.</summary>
    public static Task RunAsync<T>(IReadOnlyList<(string Conversation, T Item)> items, int parallelism, Func<T, Task> handle, IMaterializer materializer) =>
        Source.From(items.GroupBy(i => i.Conversation, i => i.Item).Select(g => g.ToList()))
            .SelectAsyncUnordered(Math.Max(1, parallelism), async conversation =>
            {
                foreach (var item in conversation) await handle(item);
                return NotUsed.Instance;
            })
            .RunWith(Sink.Ignore<NotUsed>(), materializer);
}

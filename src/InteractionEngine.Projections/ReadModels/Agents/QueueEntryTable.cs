using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The queue table: one tenant's waiting interactions, oldest first.</summary>
internal static class QueueEntryTable
{
    public static readonly ReadModelTable<QueueEntry> Definition = new(q => q.Id,
    [
        DocumentColumn<QueueEntry>.Text(nameof(QueueEntry.Tenant), q => q.Tenant),
        DocumentColumn<QueueEntry>.Boolean(nameof(QueueEntry.Waiting), q => q.Waiting),
        DocumentColumn<QueueEntry>.Timestamp(nameof(QueueEntry.Since), q => q.Since),
    ], queue => queue.AddIndex("tenant", "waiting", "since"));
}

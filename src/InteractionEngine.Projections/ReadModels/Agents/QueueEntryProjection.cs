using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The queue: an interaction waits from InteractionOpened until it is routed, ended, done or continued by an agent.</summary>
public sealed class QueueEntryProjection : ConversationDocumentProjection<QueueEntry>
{
    public const string ProjectionName = "QueueEntry";

    private protected override BulkDocumentUpsert<QueueEntry> Writer => QueueEntryTable.Definition.Writer;

    protected override string? DocumentIdOf(string stream, IConversationEvent e) =>
        e is InteractionOpened or InteractionRouted or SessionEnded or MarkedDone or Reactivated ? stream : null;

    protected override QueueEntry? Evolve(QueueEntry? snapshot, string id, IConversationEvent e) => (snapshot, e) switch
    {
        (_, InteractionOpened o) => new QueueEntry
        {
            Id = id, Tenant = o.ConversationId.Tenant, Contact = o.ConversationId.Contact, Interaction = o.Interaction,
            Channel = o.Channel, Waiting = true, Since = o.At,
        },
        (null, _) => null,
        (not null, Reactivated r) => snapshot with { Interaction = r.Interaction, Channel = r.Channel, Waiting = false },
        (not null, _) => snapshot.Waiting ? snapshot with { Waiting = false } : snapshot,
    };
}

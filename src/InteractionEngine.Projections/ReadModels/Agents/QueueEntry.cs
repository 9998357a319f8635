using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Whether a conversation's current interaction waits in the queue (opened, not yet routed, not ended), and since when
/// (id = conversation id). The age is computed at read time: documents hold only what the events say.
/// </summary>
public sealed record QueueEntry
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required string Contact { get; init; }
    public required int Interaction { get; init; }
    public required ChannelKind Channel { get; init; }
    public required bool Waiting { get; init; }

    /// <summary>When the interaction was opened (it waits from then until routed).</summary>
    public required DateTimeOffset Since { get; init; }
}

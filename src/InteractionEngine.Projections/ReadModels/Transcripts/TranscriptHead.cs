using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// The transcript projection's memory of one conversation (id = stream key). <see cref="Position"/> counts
/// every event of the stream the projection has seen, so it equals the stream version without relying on
/// the append mode (Quick appends do not hand versions to inline projections). The channel is kept because
/// routing, end and done events do not carry it, yet their lines must pass channel filters.
/// </summary>
public sealed record TranscriptHead(string Id, long Position, int Interaction, ChannelKind Channel);

public static class TranscriptLineIds
{
    /// <summary>Messages and notifications: delivery statuses and read positions name them by message number.</summary>
    public static string Message(string conversationId, long messageNumber) => $"{conversationId}/m/{messageNumber}";

    /// <summary>Boundary lines, keyed by the position of the event that created them.</summary>
    public static string Event(string conversationId, long position) => $"{conversationId}/e/{position}";
}

using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

public enum SortOrder
{
    NewestFirst,
    OldestFirst,
}

/// <summary>
/// A page of a contact's transcript. <paramref name="Cursor"/> is the position of the last line already seen
/// (exclusive); the page continues from there in <paramref name="Order"/>. <paramref name="Media"/> and
/// <paramref name="Channel"/> narrow it to CHAT or OPEN MEDIA, or one channel (boundary lines count as their
/// interaction's channel).
/// </summary>
public sealed record TranscriptRequest(
    int PageSize = 50,
    long? Cursor = null,
    SortOrder Order = SortOrder.NewestFirst,
    MediaType? Media = null,
    ChannelKind? Channel = null);

/// <summary>Lines in the requested order; <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record TranscriptPage(IReadOnlyList<TranscriptLine> Lines, long? NextCursor);

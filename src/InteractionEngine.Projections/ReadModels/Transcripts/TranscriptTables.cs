using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// The transcript's tables. The search text has a 'simple' full-text index: no stemming or stop words, so any language
/// and emoji pass unharmed (the search query builds the same expression, so the index serves it).
/// </summary>
internal static class TranscriptTables
{
    public const string SearchConfig = "simple";

    public static readonly ReadModelTable<TranscriptLine> Lines = new(l => l.Id,
    [
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.ConversationId), l => l.ConversationId),
        DocumentColumn<TranscriptLine>.Int64(nameof(TranscriptLine.Position), l => l.Position),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.Tenant), l => l.Tenant),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.Contact), l => l.Contact),
        DocumentColumn<TranscriptLine>.Timestamp(nameof(TranscriptLine.At), l => l.At),
        DocumentColumn<TranscriptLine>.Name(nameof(TranscriptLine.Media), l => l.Media),
        DocumentColumn<TranscriptLine>.Name(nameof(TranscriptLine.Channel), l => l.Channel),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.ChannelMessageId), l => l.ChannelMessageId),
    ], lines =>
    {
        lines.AddIndex("conversation_id", "position"); // transcript pages, reply lookups
        lines.AddIndex("tenant");                      // tenant-wide search when a literal match is needed
        lines.FullTextIndex(SearchConfig, x => x.SearchText!);
    });

    public static readonly ReadModelTable<TranscriptHead> Heads = new(h => h.Id, []);
}

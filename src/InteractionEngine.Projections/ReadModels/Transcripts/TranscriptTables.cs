using Weasel.Postgresql.Tables;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// The transcript's tables. The search text is indexed without accents (<c>search_folded</c>, folded in C#) in the
/// tenant's language (<c>search_language</c>: stemming), by a GIN index on <see cref="SearchVectorSql"/>; the search
/// query builds the same expression, so the index serves it.
/// </summary>
internal static class TranscriptTables
{
    /// <summary>The indexed tsvector of a line (alias <c>t</c>): its folded text in its language's configuration.</summary>
    public static readonly string SearchVectorSql = SearchVector("t.search_language", "t.search_folded");

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
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.SearchLanguage), l => l.SearchLanguage?.ToString()),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.SearchFolded), l => l.SearchFolded),
    ], lines =>
    {
        lines.AddIndex("conversation_id", "position"); // transcript pages, reply lookups
        lines.AddIndex("tenant");                      // tenant-wide search when a literal match is needed
        lines.Indexes.Add(new IndexDefinition("mt_doc_transcriptline_idx_search")
        {
            Method = IndexMethod.gin,
            Columns = [SearchVector("search_language", "search_folded")],
        });
    });

    private static string SearchVector(string language, string folded) =>
        $"to_tsvector({SearchLanguageConfig.RowConfigSql(language)}, COALESCE({folded}, ''::character varying)::text)";

    public static readonly ReadModelTable<TranscriptHead> Heads = new(h => h.Id, []);
}

using Weasel.Postgresql.Tables;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// The transcript's tables. The search text is indexed without accents (<c>search_folded</c>, folded in C#) in the
/// language its tenant had when the line was written (<c>search_language</c>: stemming), by one partial GIN index per
/// language on <see cref="SearchVectorSql"/>; the search query builds the same expression and predicate, so the index
/// serves it. The expressions are written as PostgreSQL prints them back, so the schema check finds nothing to redo.
/// </summary>
internal static class TranscriptTables
{
    /// <summary>The indexed tsvector of a line (alias <c>t</c>) in a language's configuration.</summary>
    public static string SearchVectorSql(SearchLanguage language, string alias = "t.") =>
        $"to_tsvector('{language.ConfigName()}'::regconfig, ({alias}search_folded)::text)";

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
        // A line enters only its language's index, so each write pays for one.
        foreach (var language in Enum.GetValues<SearchLanguage>())
        {
            lines.Indexes.Add(new IndexDefinition($"mt_doc_transcriptline_idx_search_{language.ConfigName()}")
            {
                Method = IndexMethod.gin,
                Columns = [SearchVectorSql(language, alias: "")],
                Predicate = $"(search_language)::text = '{language}'::text",
            });
        }
    });

    public static readonly ReadModelTable<TranscriptHead> Heads = new(h => h.Id, []);
}

using Npgsql;
using NpgsqlTypes;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>Keyword search over transcript lines, of one contact or a whole tenant.</summary>
internal sealed class TranscriptSearch(ReadModelSql sql, SearchLanguages languages)
{
    public const int MaxSearchResults = 200;

    /// <summary>Matches counted for a page's total; beyond it the total is flagged as capped.</summary>
    public const int TotalLimit = 1000;

    // Private-use characters never occur in chat text, so they mark highlights unambiguously.
    private const char HighlightStart = '\uE000';
    private const char HighlightStop = '\uE001';

    public async Task<IReadOnlyList<SearchHit>> SearchContactAsync(string tenant, string contact, string text, int limit = 20, CancellationToken ct = default) =>
        (await SearchAsync(tenant, new SearchRequest(text, contact, limit), ct)).Hits;

    public async Task<IReadOnlyList<SearchHit>> SearchTenantAsync(string tenant, string text, int limit = 20, CancellationToken ct = default) =>
        (await SearchAsync(tenant, new SearchRequest(text, null, limit), ct)).Hits;

    /// <summary>
    /// Full-text search on the accent-folded text in the tenant's language (stemming), ranked by ts_rank, newest first
    /// among equal ranks, then by id (a total order, so the cursor resumes exactly), with ts_headline excerpts.
    /// </summary>
    public async Task<SearchPage> SearchAsync(string tenant, SearchRequest request, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0) return new SearchPage([], 0, false, TotalLimit, null);
        var literal = SearchTerms.NeedsLiteralMatch(text);
        var limit = Math.Clamp(request.Limit, 1, MaxSearchResults);

        var command = new NpgsqlCommand();
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("folded", SearchFolding.Fold(text)!);
        command.Parameters.AddWithValue("limit", limit + 1);
        command.Parameters.AddWithValue("total_limit", TotalLimit + 1);
        command.Parameters.AddWithValue("options",
            $"StartSel={HighlightStart}, StopSel={HighlightStop}, MaxWords=35, MinWords=15, ShortWord=1");
        var filters = "t.tenant = @tenant";
        if (request.Contact is { } contact)
        {
            command.Parameters.AddWithValue("conversation", Conversation(tenant, contact).Value);
            filters += " and t.conversation_id = @conversation";
        }
        if (request.Media is { } media)
        {
            command.Parameters.AddWithValue("media", media.ToString());
            filters += " and t.media = @media";
        }
        if (request.Channel is { } channel)
        {
            command.Parameters.AddWithValue("channel", channel.ToString());
            filters += " and t.channel = @channel";
        }
        command.Parameters.Add(new NpgsqlParameter("literal", NpgsqlDbType.Boolean) { Value = literal });
        var after = "true";
        if (request.After is { } cursor)
        {
            command.Parameters.Add(new NpgsqlParameter("after_rank", NpgsqlDbType.Real) { Value = cursor.Rank });
            command.Parameters.AddWithValue("after_at", cursor.At.ToUniversalTime());
            command.Parameters.AddWithValue("after_id", cursor.LineId);
            after = "(m.rank < @after_rank or (m.rank = @after_rank and (m.at < @after_at or (m.at = @after_at and m.id > @after_id))))";
        }

        // The query is stemmed in the tenant's language and meets the lines indexed in it (constants, so that language's
        // partial index serves it); lines indexed before a change of language are found again after a transcript rebuild.
        var language = languages.For(tenant);
        var config = $"'{language.ConfigName()}'::regconfig";
        var vector = TranscriptTables.SearchVectorSql(language);
        var indexed = $"(t.search_language)::text = '{language}'::text and {vector} @@ q.query";
        const string literalHit = "(@literal and strpos(lower(t.data ->> 'searchText'), lower(@text)) > 0)";
        // Ranks are real (float4) end to end, so the cursor compares exactly what the order sorted on.
        command.CommandText = $"""
            with q as (select websearch_to_tsquery({config}, @folded) as query),
            matches as (
                select t.id, t.at, t.data, t.search_folded,
                       (ts_rank({vector}, q.query) + case when {literalHit} then 0.1::real else 0::real end) as rank
                from {sql.Table<TranscriptLine>()} t, q
                where {filters} and (({indexed}) or {literalHit})),
            total as (select count(*)::int as n from (select 1 from matches limit @total_limit) c),
            page as (
                select * from matches m where {after}
                order by m.rank desc, m.at desc, m.id
                limit @limit)
            -- The total rides on every row, and on a row of its own when the page is empty.
            select p.data, p.rank,
                   case when p.search_folded is null then '' else ts_headline({config}, p.search_folded, q.query, @options) end,
                   total.n
            from total cross join q left join page p on true
            order by p.rank desc, p.at desc, p.id
            """;

        var total = 0;
        var rows = await sql.ReadAsync(command, reader =>
        {
            total = reader.GetInt32(3);
            if (reader.IsDBNull(0)) return null;
            var line = sql.Document<TranscriptLine>(reader, 0);
            var snippet = Restore(Parse(reader.GetString(2)), line.SearchText ?? "");
            if (literal && !snippet.Parts.Any(p => p.Highlighted))
                snippet = SearchTerms.LiteralSnippet(line.SearchText ?? "", text);
            return new SearchHit(line, reader.GetFloat(1), snippet);
        }, ct);
        var hits = rows.OfType<SearchHit>().ToList();

        var next = hits.Count > limit ? hits[limit - 1].Cursor : null;
        if (hits.Count > limit) hits.RemoveAt(limit);
        return new SearchPage(hits, Math.Min(total, TotalLimit), total > TotalLimit, TotalLimit, next);
    }

    /// <summary>
    /// The headline was cut from the folded text; the same span of the original (composed) text gives it back its
    /// accents. Folding keeps offsets, so the parts keep their lengths.
    /// </summary>
    private static SearchSnippet Restore(SearchSnippet folded, string searchText)
    {
        var original = SearchFolding.Compose(searchText);
        var foldedText = SearchFolding.Fold(searchText)!;
        var excerpt = string.Concat(folded.Parts.Select(p => p.Text));
        var at = foldedText.IndexOf(excerpt, StringComparison.Ordinal);
        if (at < 0 || excerpt.Length == 0) return folded;
        var parts = new List<SnippetPart>(folded.Parts.Count);
        foreach (var part in folded.Parts)
        {
            parts.Add(part with { Text = original.Substring(at, part.Text.Length) });
            at += part.Text.Length;
        }
        return new SearchSnippet(parts);
    }

    private static SearchSnippet Parse(string headline)
    {
        var parts = new List<SnippetPart>();
        var rest = headline.AsSpan();
        while (rest.Length > 0)
        {
            var start = rest.IndexOf(HighlightStart);
            if (start < 0) { parts.Add(new SnippetPart(rest.ToString(), false)); break; }
            if (start > 0) parts.Add(new SnippetPart(rest[..start].ToString(), false));
            rest = rest[(start + 1)..];
            var stop = rest.IndexOf(HighlightStop);
            if (stop < 0) stop = rest.Length;
            parts.Add(new SnippetPart(rest[..stop].ToString(), true));
            rest = stop < rest.Length ? rest[(stop + 1)..] : [];
        }
        return new SearchSnippet(parts);
    }
}

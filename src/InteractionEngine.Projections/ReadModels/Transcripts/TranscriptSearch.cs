using Npgsql;
using NpgsqlTypes;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>Keyword search over transcript lines, of one contact or a whole tenant.</summary>
internal sealed class TranscriptSearch(ReadModelSql sql)
{
    public const int MaxSearchResults = 200;

    // Private-use characters never occur in chat text, so they mark highlights unambiguously.
    private const char HighlightStart = '\uE000';
    private const char HighlightStop = '\uE001';

    public Task<IReadOnlyList<SearchHit>> SearchContactAsync(string tenant, string contact, string text, int limit = 20, CancellationToken ct = default) =>
        SearchAsync(tenant, new SearchRequest(text, contact, limit), ct);

    public Task<IReadOnlyList<SearchHit>> SearchTenantAsync(string tenant, string text, int limit = 20, CancellationToken ct = default) =>
        SearchAsync(tenant, new SearchRequest(text, null, limit), ct);

    /// <summary>
    /// Full-text search ('simple' configuration: no stemming or stop words, any language) ranked by ts_rank,
    /// with ts_headline excerpts; newest first among equal ranks.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string tenant, SearchRequest request, CancellationToken ct = default)
    {
        RequireTenant(tenant);
        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0) return [];
        var literal = SearchTerms.NeedsLiteralMatch(text);

        var command = new NpgsqlCommand();
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("limit", Math.Clamp(request.Limit, 1, MaxSearchResults));
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

        // The tsvector expression is exactly the one Marten's full-text index is built on, so the index serves it.
        const string vector = "to_tsvector('simple'::regconfig, t.data ->> 'searchText')";
        const string literalHit = "(@literal and strpos(lower(t.data ->> 'searchText'), lower(@text)) > 0)";
        command.CommandText = $"""
            with q as (select websearch_to_tsquery('simple'::regconfig, @text) as query),
            hits as (
                select t.id, t.at, t.data,
                       (ts_rank({vector}, q.query) + case when {literalHit} then 0.1 else 0 end)::float8 as rank
                from {sql.Table<TranscriptLine>()} t, q
                where {filters} and ({vector} @@ q.query or {literalHit})
                order by rank desc, t.at desc, t.id
                limit @limit)
            select h.data, h.rank, ts_headline('simple'::regconfig, h.data ->> 'searchText', q.query, @options)
            from hits h, q
            order by h.rank desc, h.at desc, h.id
            """;

        return await sql.ReadAsync(command, reader =>
        {
            var line = sql.Document<TranscriptLine>(reader, 0);
            var snippet = Parse(reader.GetString(2));
            if (literal && !snippet.Parts.Any(p => p.Highlighted))
                snippet = SearchTerms.LiteralSnippet(line.SearchText ?? "", text);
            return new SearchHit(line, reader.GetDouble(1), snippet);
        }, ct);
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

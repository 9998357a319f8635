using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>Accent folding, stemming in the tenant's language, ranking, cursor paging and the capped total.</summary>
public sealed class SearchLanguageTests(SearchLanguageFixture fixture) : IClassFixture<SearchLanguageFixture>
{
    private readonly Queries.ConversationQueries _queries = fixture.Queries;

    [Fact]
    public async Task English_tenant_stems_refunds_to_refund_and_ranks_more_occurrences_first()
    {
        var page = await _queries.SearchAsync("london", new SearchRequest("refunds"));
        // Equal ranks: newest first, then by id.
        Assert.Equal(["kim/m/2", "kim/m/1", "lee/m/1"], page.Hits.Select(h => h.Line.Id.Split(':')[1]));
        Assert.True(page.Hits[0].Rank > page.Hits[^1].Rank, "three occurrences rank above one");
        Assert.Equal(3, page.Total);
        Assert.False(page.TotalCapped);
        Assert.Null(page.Next);
        Assert.Equal("«Refunded» already, thanks", page.Hits.Single(h => h.Line.Contact == "lee").Snippet.Render());
    }

    [Fact]
    public async Task Portuguese_tenant_finds_reembolso_by_reembolsos_and_accents_either_way()
    {
        Assert.Equal("rita", Assert.Single(await _queries.SearchTenantAsync("lisboa", "reembolsos")).Line.Contact);
        var info = Assert.Single(await _queries.SearchTenantAsync("lisboa", "informacao"));
        Assert.Equal("Já pedi «informação» sobre a fatura", info.Snippet.Render());
        var ola = Assert.Single(await _queries.SearchTenantAsync("lisboa", "OLA"));
        Assert.Equal("Olá", Assert.Single(ola.Snippet.Parts, p => p.Highlighted).Text);
    }

    [Fact]
    public async Task Spanish_tenant_stems_and_folds_too()
    {
        Assert.Equal(1L, Assert.Single(await _queries.SearchTenantAsync("madrid", "reembolsos")).Line.MessageNumber);
        Assert.Equal(1L, Assert.Single(await _queries.SearchTenantAsync("madrid", "INFORMACION")).Line.MessageNumber);
        Assert.Equal("¿Dónde está mi «pedido»?", Assert.Single(await _queries.SearchTenantAsync("madrid", "pedidos")).Snippet.Render());
    }

    [Fact]
    public async Task A_tenant_without_a_language_is_accent_and_case_insensitive_but_not_stemmed()
    {
        Assert.Empty(await _queries.SearchTenantAsync("plain", "refunds"));
        Assert.Single(await _queries.SearchTenantAsync("plain", "REFUND"));
        // An English tenant still folds accents of words that are not English.
        Assert.Equal("«Olá» from Lisbon, café is great", Assert.Single(await _queries.SearchTenantAsync("london", "ola")).Snippet.Render());
        Assert.Single(await _queries.SearchTenantAsync("london", "CAFE"));
    }

    [Fact]
    public async Task The_cursor_walks_every_hit_once_in_the_order_of_one_big_page()
    {
        var all = await _queries.SearchAsync("london", new SearchRequest("refund", Limit: 200));
        var walked = new List<string>();
        SearchCursor? after = null;
        var pages = 0;
        do
        {
            var page = await _queries.SearchAsync("london", new SearchRequest("refund", Limit: 1, After: after));
            Assert.Equal(3, page.Total);
            walked.AddRange(page.Hits.Select(h => h.Line.Id));
            after = page.Next;
            pages++;
        } while (after is not null);
        Assert.Equal(all.Hits.Select(h => h.Line.Id), walked);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task More_matches_than_the_total_counts_are_flagged_and_paging_still_reaches_them_all()
    {
        var first = await _queries.SearchAsync("bulk", new SearchRequest("pedido", Limit: 200));
        Assert.Equal(TranscriptSearch.TotalLimit, first.Total);
        Assert.True(first.TotalCapped);
        Assert.Equal(200, first.Hits.Count);

        var ids = new HashSet<string>(first.Hits.Select(h => h.Line.Id));
        var after = first.Next;
        while (after is not null)
        {
            var page = await _queries.SearchAsync("bulk", new SearchRequest("pedido", Limit: 200, After: after));
            Assert.All(page.Hits, h => Assert.True(ids.Add(h.Line.Id), $"{h.Line.Id} twice"));
            after = page.Next;
        }
        Assert.Equal(SearchLanguageFixture.BulkMessages, ids.Count);

        var few = await _queries.SearchAsync("bulk", new SearchRequest("\"número 1000\""));
        Assert.Equal(1, few.Total);
        Assert.False(few.TotalCapped);
    }

    [Fact]
    public async Task The_search_index_serves_the_query_and_the_schema_has_nothing_left_to_apply()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var table = ((IDocumentStore)fixture.Store).Options.FindOrResolveDocumentType(typeof(TranscriptLine)).TableName.QualifiedName;
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand(
            $"explain select id from {table} t where t.search_language = 'English' and {TranscriptTables.SearchVectorSql(SearchLanguage.English)} @@ websearch_to_tsquery('english'::regconfig, 'refund')",
            connection);
        var plan = string.Join('\n', await ReadAll(explain));
        Assert.Contains("mt_doc_transcriptline_idx_search_english", plan);

        var migration = await fixture.Store.Storage.Database.CreateMigrationAsync();
        var writer = new StringWriter();
        migration.WriteAllUpdates(writer, new Weasel.Postgresql.PostgresqlMigrator(), JasperFx.AutoCreate.CreateOrUpdate);
        Assert.True(migration.Difference == Weasel.Core.SchemaPatchDifference.None, writer.ToString());
    }

    [Fact]
    public async Task Rebuilding_the_transcript_indexes_every_line_in_the_same_language()
    {
        var before = await Columns();
        Assert.Contains(before, r => r.Language == "Portuguese");
        var refunds = (await _queries.SearchTenantAsync("london", "refunds")).Select(h => h.Line.Id).ToList();

        await new ProjectionRebuilder(fixture.Store).RebuildAsync(TranscriptProjection.Name);

        Assert.Equal(before, await Columns());
        Assert.Equal(refunds, (await _queries.SearchTenantAsync("london", "refunds")).Select(h => h.Line.Id));
    }

    private async Task<List<(string Id, string Json, string? Language, string? Folded)>> Columns()
    {
        await using var session = fixture.Store.QuerySession();
        var table = ((IDocumentStore)fixture.Store).Options.FindOrResolveDocumentType(typeof(TranscriptLine)).TableName.QualifiedName;
        await using var reader = await session.ExecuteReaderAsync(
            new NpgsqlCommand($"select id, data::text, search_language, search_folded from {table} order by id"), default);
        var rows = new List<(string, string, string?, string?)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return rows;
    }

    private static async Task<List<string>> ReadAll(NpgsqlCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}

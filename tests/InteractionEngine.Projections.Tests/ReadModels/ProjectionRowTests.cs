using InteractionEngine.Projections.ReadModels;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// The inline projections write their documents with one set-based upsert per batch instead of Marten's Store.
/// The rows must be exactly the ones Marten's Store would write: same JSON, type name and duplicated columns.
/// </summary>
public sealed class ProjectionRowTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    [Fact]
    public async Task Transcript_lines_are_the_rows_Marten_would_write() =>
        // The search language is a column only (not in the JSON a load returns): the projection sets it from the tenant's
        // setting ('simple' in this fixture), so the copy Marten stores is given the same.
        await AssertSameRowsAsync<TranscriptLine>("mt_doc_transcriptline", "acme:ana/",
            (l, id) => l with { Id = id, SearchLanguage = l.SearchText is null ? null : SearchLanguage.Simple }, l => l.Id);

    [Fact]
    public async Task Transcript_heads_are_the_rows_Marten_would_write() =>
        await AssertSameRowsAsync<TranscriptHead>("mt_doc_transcripthead", "acme:", (h, id) => h with { Id = id }, h => h.Id);

    [Fact]
    public async Task Contact_summaries_are_the_rows_Marten_would_write() =>
        await AssertSameRowsAsync<ContactSummary>("mt_doc_contactsummary", "acme:", (s, id) => s with { Id = id }, s => s.Id);

    private async Task AssertSameRowsAsync<T>(string table, string idPrefix, Func<T, string, T> withId, Func<T, string> idOf) where T : class
    {
        await using var session = fixture.Store.LightweightSession();
        var projected = await session.Query<T>().ToListAsync();
        projected = projected.Where(d => idOf(d).StartsWith(idPrefix, StringComparison.Ordinal)).Take(20).ToList();
        Assert.NotEmpty(projected);
        foreach (var doc in projected) session.Store(withId(doc, "copy|" + idOf(doc)));
        await session.SaveChangesAsync();

        foreach (var doc in projected)
        {
            var written = await RowAsync(session, table, idOf(doc));
            var byMarten = await RowAsync(session, table, "copy|" + idOf(doc));
            Assert.Equal(byMarten.Count, written.Count);
            foreach (var (column, value) in byMarten)
                Assert.True(Equals(value, written[column]), $"{table}.{column} of {idOf(doc)}: Marten wrote {value}, the projection {written[column]}");
        }
    }

    /// <summary>Every column but the bookkeeping ones, with the document's own id taken out of its JSON.</summary>
    private static async Task<Dictionary<string, object?>> RowAsync(IQuerySession session, string table, string id)
    {
        var command = new NpgsqlCommand($"select (data - 'id')::text as data_without_id, * from read_model.{table} where id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await session.ExecuteReaderAsync(command, default);
        Assert.True(await reader.ReadAsync(), $"no row {id} in {table}");
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            if (name is "id" or "data" or "mt_version" or "mt_last_modified") continue;
            row[name] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        return row;
    }
}

using Marten;
using Marten.Services.BatchQuerying;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// The reads of one batch's projections: registered on one Marten batch query (created only if something is read),
/// served from the journal feed's <see cref="DocumentCache"/> where it holds the document.
/// </summary>
public sealed class ProjectionReads(IQuerySession session, DocumentCache? cache = null)
{
    private IBatchedQuery? _batch;

    /// <summary>The batch query, for reads the cache cannot serve (queries, lines).</summary>
    public IBatchedQuery Batch => _batch ??= session.CreateBatchQuery();

    /// <summary>The documents with these ids that exist, once <see cref="ExecuteAsync"/> has run.</summary>
    public Task<IReadOnlyList<T>> LoadMany<T>(IReadOnlyCollection<string> ids) where T : class
    {
        var hits = new List<T>(ids.Count);
        var misses = new List<string>();
        foreach (var id in ids)
        {
            if (cache is not null && cache.TryGet<T>(id, out var cached)) hits.Add(cached);
            else misses.Add(id);
        }
        return misses.Count == 0 ? Task.FromResult<IReadOnlyList<T>>(hits) : WithHits(Batch.LoadMany<T>().ById(misses.ToArray()), hits);
    }

    /// <summary>Tells the cache (if any) that the batch writes <paramref name="document"/>.</summary>
    public void Writes<T>(string id, T document) where T : class => cache?.Stage(id, document);

    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (_batch is not null) await _batch.Execute(ct);
    }

    private static async Task<IReadOnlyList<T>> WithHits<T>(Task<IReadOnlyList<T>> loaded, List<T> hits)
    {
        hits.AddRange(await loaded);
        return hits;
    }
}

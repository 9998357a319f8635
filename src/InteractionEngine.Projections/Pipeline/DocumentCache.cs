namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// The inline read models' documents the journal feed wrote, kept between its batches. The feed is their only writer,
/// so what it committed last is what the database holds, and a batch whose documents are all here reads nothing. What a
/// batch writes is staged and only seen by later batches once it committed; a failed batch or a restart clears
/// everything (then only the database is trusted). Bounded: forgetting only costs a read.
/// </summary>
public sealed class DocumentCache(int capacity = 20_000)
{
    private readonly Dictionary<(Type, string), object> _committed = [];
    private readonly Dictionary<(Type, string), object> _staged = [];

    public bool TryGet<T>(string id, out T document) where T : class
    {
        var found = _committed.TryGetValue((typeof(T), id), out var cached);
        document = (T)cached!;
        return found;
    }

    /// <summary>A document the current batch writes.</summary>
    public void Stage<T>(string id, T document) where T : class => _staged[(typeof(T), id)] = document;

    /// <summary>The current batch committed: its documents are what the database holds now.</summary>
    public void Committed()
    {
        if (_committed.Count + _staged.Count > capacity) _committed.Clear();
        foreach (var (key, document) in _staged) _committed[key] = document;
        _staged.Clear();
    }

    public void Clear()
    {
        _committed.Clear();
        _staged.Clear();
    }
}

using InteractionEngine.Projections.Pipeline;
using Marten.Schema;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>One read model's table as the store maps it: which document it holds.</summary>
public interface IReadModelTable
{
    Type DocumentType { get; }

    /// <summary>Declares the duplicated columns and the indexes on Marten's mapping of <see cref="DocumentType"/>.</summary>
    void Map(DocumentMapping mapping);
}

/// <summary>
/// A read model's table, declared once in its folder: the members duplicated into real columns (snake_case, what the
/// queries filter and sort on without reading the JSON) and the indexes the queries need. Marten's mapping and the
/// set-based writer (<see cref="Writer"/>) both take the columns from here, so they cannot disagree. Only the indexes the
/// queries need are built: every index is paid for on each inline write, inside the append's transaction.
/// </summary>
internal sealed class ReadModelTable<T>(Func<T, string> id, IReadOnlyList<DocumentColumn<T>> columns, Action<DocumentMapping<T>>? indexes = null)
    : IReadModelTable where T : class
{
    public BulkDocumentUpsert<T> Writer { get; } = new(id, columns);

    public Type DocumentType => typeof(T);

    public void Map(DocumentMapping mapping)
    {
        var typed = (DocumentMapping<T>)mapping;
        // Duplicated without Marten's default one-index-per-column: indexes are declared on purpose.
        foreach (var column in columns) typed.DuplicateField(column.Member);
        indexes?.Invoke(typed);
    }
}

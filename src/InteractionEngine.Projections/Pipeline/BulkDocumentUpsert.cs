using Marten;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Writes many documents of one type with a single set-based upsert (<c>INSERT … SELECT FROM unnest(…) ON CONFLICT</c>)
/// queued on the projection's session. Inline projections run inside the read side's append, where Marten's per-document
/// <c>Store</c> cost one statement and a unit-of-work scan per document (docs/benchmarks.md); the rows written are the ones
/// Marten would write (its JSON, type name and duplicated columns), so Marten loads and queries them as its own.
/// <c>mt_version</c> keeps its column default: no read model uses optimistic concurrency, and the KPI table's
/// numeric revisions (bigint) and the others' Guid versions then need no case of their own.
/// </summary>
internal sealed class BulkDocumentUpsert<T>(Func<T, string> id, IReadOnlyList<DocumentColumn<T>> columns) where T : class
{
    private readonly Dictionary<string, string> _sqlByTable = [];

    public IReadOnlyList<DocumentColumn<T>> Columns => columns;

    public string IdOf(T document) => id(document);

    public void Queue(IDocumentOperations operations, IReadOnlyList<T> documents)
    {
        if (documents.Count == 0) return;
        var options = operations.DocumentStore.Options;
        var serializer = options.Serializer();
        var ids = new string[documents.Count];
        var data = new string[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            ids[i] = id(documents[i]);
            data[i] = serializer.ToJson(documents[i]);
        }
        var parameters = new object[2 + columns.Count];
        parameters[0] = ids;
        parameters[1] = data;
        for (var c = 0; c < columns.Count; c++) parameters[2 + c] = columns[c].Values(documents);
        operations.QueueSqlCommand(Sql(options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName), parameters);
    }

    private string Sql(string table)
    {
        lock (_sqlByTable)
        {
            if (_sqlByTable.TryGetValue(table, out var sql)) return sql;
            var names = columns.Select(c => c.Column).ToList();
            var set = names.Select(n => $", {n} = excluded.{n}");
            sql = $"""
                insert into {table} (id, data, mt_dotnet_type{string.Concat(names.Select(n => ", " + n))})
                select d.id, d.data, '{typeof(T).FullName}'{string.Concat(names.Select(n => ", d." + n))}
                from unnest(?::varchar[], ?::jsonb[]{string.Concat(columns.Select(c => $", ?::{c.SqlType}[]"))}) as d(id, data{string.Concat(names.Select(n => ", " + n))})
                on conflict (id) do update set data = excluded.data, mt_dotnet_type = excluded.mt_dotnet_type,
                  mt_last_modified = transaction_timestamp(){string.Concat(set)}
                """;
            _sqlByTable[table] = sql;
            return sql;
        }
    }
}

using System.Data.Common;
using InteractionEngine.Domain.Conversations;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// What every read model's queries share: the tenant and contact checks (every query takes the tenant and reads only
/// that tenant's documents: conversation ids embed it, and every SQL filter starts with it), paging, table names and
/// reading rows of hand-written SQL through a Marten query session.
/// </summary>
internal sealed class ReadModelSql(IDocumentStore store)
{
    public const int MaxPageSize = 500;

    public IDocumentStore Store => store;

    public string Table<T>() => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    public T Document<T>(DbDataReader reader, int column) => store.Options.Serializer().FromJson<T>(reader, column);

    public async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    public static ConversationId Conversation(string tenant, string contact)
    {
        RequireTenant(tenant);
        if (!ConversationId.IsValidPart(contact)) throw new ArgumentException($"'{contact}' is not a contact id", nameof(contact));
        return new ConversationId(tenant, contact);
    }

    public static void RequireTenant(string tenant)
    {
        if (!ConversationId.IsValidPart(tenant)) throw new ArgumentException($"'{tenant}' is not a tenant id", nameof(tenant));
    }

    public static int PageSize(int requested) => Math.Clamp(requested, 1, MaxPageSize);

    public static int Int(DbDataReader reader, int column) => reader.IsDBNull(column) ? 0 : Convert.ToInt32(reader.GetValue(column));

    public static TimeSpan? Seconds(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : TimeSpan.FromSeconds(Convert.ToDouble(reader.GetValue(column)));

    /// <summary>timestamptz parameters must be UTC for Npgsql.</summary>
    public static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}

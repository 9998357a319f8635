using System.Data.Common;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Queries;

/// <summary>
/// Read-side queries for the HTTP API and the CLI, over Marten query sessions. Every query takes the tenant
/// and reads only that tenant's documents: conversation ids embed it, and every SQL filter starts with it.
/// </summary>
public sealed partial class ConversationQueries(IDocumentStore store)
{
    public const int MaxPageSize = 500;

    private string Table<T>() => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    private static ConversationId Conversation(string tenant, string contact)
    {
        RequireTenant(tenant);
        if (!ConversationId.IsValidPart(contact)) throw new ArgumentException($"'{contact}' is not a contact id", nameof(contact));
        return new ConversationId(tenant, contact);
    }

    private static void RequireTenant(string tenant)
    {
        if (!ConversationId.IsValidPart(tenant)) throw new ArgumentException($"'{tenant}' is not a tenant id", nameof(tenant));
    }

    private static int PageSize(int requested) => Math.Clamp(requested, 1, MaxPageSize);

    private T Document<T>(DbDataReader reader, int column) => store.Options.Serializer().FromJson<T>(reader, column);

    private async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    private static int Int(DbDataReader reader, int column) => reader.IsDBNull(column) ? 0 : Convert.ToInt32(reader.GetValue(column));

    private static TimeSpan? Seconds(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : TimeSpan.FromSeconds(Convert.ToDouble(reader.GetValue(column)));

    /// <summary>timestamptz parameters must be UTC for Npgsql.</summary>
    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}

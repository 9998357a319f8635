using InteractionEngine.Domain.Conversations;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Directory;

/// <summary>The tenant's contact directory: the one place that reads <see cref="ContactProfile"/> documents (the projection writes them).</summary>
public sealed class ContactDirectory(IDocumentStore store)
{
    public const int MaxPageSize = DirectorySearch.MaxPageSize;

    public async Task<ContactProfile?> FindAsync(ConversationId id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ContactProfile>(id.Value, ct);
    }

    /// <summary>
    /// Writes a document directly, without an event: how the directory was kept before its changes were conversation
    /// events. Only tests seed such documents now (to check the import); <see cref="DirectoryImport"/> turns each into a ContactEntered.
    /// </summary>
    public async Task SaveAsync(ContactProfile profile, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(profile);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Documents written before directory events (no EnteredAt), by id after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<ContactProfile>> NotImportedAsync(string? afterId, int limit, CancellationToken ct)
    {
        var command = new NpgsqlCommand($"select d.data from {Table} d where d.data ->> 'enteredAt' is null and d.id > @after order by d.id limit @limit")
        {
            Parameters = { new("after", afterId ?? ""), new("limit", limit) },
        };
        var profiles = new List<ContactProfile>();
        await using var session = store.QuerySession();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) profiles.Add(store.Options.Serializer().FromJson<ContactProfile>(reader, 0));
        return profiles;
    }

    /// <summary>How many documents still wait for their import; a rebuild would lose them (<see cref="DirectoryImport"/>).</summary>
    public async Task<long> CountNotImportedAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await using var reader = await session.ExecuteReaderAsync(new NpgsqlCommand($"select count(*) from {Table} d where d.data ->> 'enteredAt' is null"), ct);
        return await reader.ReadAsync(ct) ? reader.GetInt64(0) : 0;
    }

    private string Table => store.Options.FindOrResolveDocumentType(typeof(ContactProfile)).TableName.QualifiedName;

    /// <summary>The contact id that owns an E.164 number in the tenant (the lowest id when several do), or null.</summary>
    public async Task<string?> ContactWithNumberAsync(string tenant, string e164, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var known = await session.Query<ContactProfile>()
            .Where(p => p.Tenant == tenant && p.PhoneNumbers.Any(n => n.Number == e164))
            .OrderBy(p => p.Id).Select(p => p.Contact).Take(1).ToListAsync(ct);
        return known.Count > 0 ? known[0] : null;
    }

    /// <summary>
    /// A page of the tenant's directory by contact id, optionally only the contacts a query finds (name or id, or a phone
    /// number typed in any format); <paramref name="afterId"/> is the last id of the previous page (read from its
    /// <see cref="DirectoryPage.Next"/> with <see cref="DirectoryCursorText.TryParse"/>). The page's Next is that cursor's token.
    /// </summary>
    public async Task<DirectoryPage> ListAsync(string tenant, string? query, int pageSize, string? afterId, CancellationToken ct)
    {
        var page = await DirectorySearch.ListAsync(store, tenant, query, pageSize, afterId, ct);
        return page with { Next = page.Next is null ? null : DirectoryCursorText.Format(page.Next) };
    }
}

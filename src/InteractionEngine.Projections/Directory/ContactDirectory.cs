using InteractionEngine.Domain.Conversations;
using Marten;

namespace InteractionEngine.Projections.Directory;

/// <summary>The tenant's contact directory: the one place that reads and writes <see cref="ContactProfile"/> documents.</summary>
public sealed class ContactDirectory(IDocumentStore store)
{
    public const int MaxPageSize = DirectorySearch.MaxPageSize;

    public async Task<ContactProfile?> FindAsync(ConversationId id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ContactProfile>(id.Value, ct);
    }

    /// <summary>Adds a new contact; false when the id is taken (creating is never an overwrite).</summary>
    public async Task<bool> TryCreateAsync(ContactProfile profile, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Insert(profile);
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task SaveAsync(ContactProfile profile, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(profile);
        await session.SaveChangesAsync(ct);
    }

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

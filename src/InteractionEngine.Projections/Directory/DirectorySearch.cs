using System.Text;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Directory;

/// <summary>A page of directory entries by contact id; <paramref name="Next"/> is the cursor of the next page (null on the last).</summary>
public sealed record DirectoryPage(IReadOnlyList<ContactProfile> Contacts, string? Next);

/// <summary>
/// Lists and searches a tenant's directory. A query matches a contact whose id, first or last name or one of its e-mail addresses contains it (any case),
/// or, when it holds at least three digits, a contact with a number whose digits contain the query's digits: the
/// spaces, dashes and brackets a person types are ignored, so <c>912 345 678</c> finds +351912345678.
/// </summary>
internal static class DirectorySearch
{
    public const int MaxPageSize = 200;
    private const int MinDigits = 3;

    public static async Task<DirectoryPage> ListAsync(IDocumentStore store, string tenant, string? query, int pageSize, string? after, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var command = new NpgsqlCommand();
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("limit", pageSize + 1);
        var filters = new StringBuilder("d.data ->> 'tenant' = @tenant");
        if (after is not null)
        {
            command.Parameters.AddWithValue("after", after);
            filters.Append(" and d.id > @after");
        }
        if (query?.Trim() is { Length: > 0 } text)
        {
            command.Parameters.AddWithValue("like", "%" + EscapeLike(text) + "%");
            var matches = "d.data ->> 'contact' ilike @like or d.data ->> 'firstName' ilike @like or d.data ->> 'lastName' ilike @like"
                          + " or concat_ws(' ', d.data ->> 'firstName', d.data ->> 'lastName') ilike @like"
                          + " or exists (select 1 from jsonb_array_elements_text(coalesce(d.data -> 'emails', '[]'::jsonb)) m where m ilike @like)";
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= MinDigits && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+' or '/'))
            {
                command.Parameters.AddWithValue("digits", "%" + digits + "%");
                // Numbers are stored in E.164, so their digits are the number without its '+'.
                matches += " or exists (select 1 from jsonb_array_elements(d.data -> 'phoneNumbers') p where replace(p ->> 'number', '+', '') like @digits)";
            }
            filters.Append($" and ({matches})");
        }
        var table = store.Options.FindOrResolveDocumentType(typeof(ContactProfile)).TableName.QualifiedName;
        command.CommandText = $"select d.data from {table} d where {filters} order by d.id limit @limit";

        var profiles = new List<ContactProfile>();
        await using (var session = store.QuerySession())
        await using (var reader = await session.ExecuteReaderAsync(command, ct))
        {
            while (await reader.ReadAsync(ct)) profiles.Add(store.Options.Serializer().FromJson<ContactProfile>(reader, 0));
        }
        if (profiles.Count <= pageSize) return new DirectoryPage(profiles, null);
        profiles.RemoveAt(pageSize);
        return new DirectoryPage(profiles, profiles[^1].Id);
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}

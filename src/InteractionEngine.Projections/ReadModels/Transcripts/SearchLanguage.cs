using Microsoft.Extensions.Configuration;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// The language a tenant's transcripts are stemmed in: PostgreSQL's built-in snowball configurations (no extension
/// needed). <see cref="Simple"/> does not stem and drops no stop words, so it suits any language, or several at once.
/// </summary>
public enum SearchLanguage
{
    Simple,
    English,
    Portuguese,
    Spanish,
}

/// <summary>
/// Each tenant's <see cref="SearchLanguage"/> ("Tenants:{id}:SearchLanguage"; unset: <see cref="Default"/>). The transcript
/// projection indexes a tenant's lines in its language and search stems the query the same way, so after changing a
/// tenant's language its transcript is rebuilt (<c>ie rebuild Transcript</c>) for old lines to be stemmed alike.
/// </summary>
public sealed class SearchLanguages(IReadOnlyDictionary<string, SearchLanguage>? byTenant = null, SearchLanguage fallback = SearchLanguage.Simple)
{
    private readonly IReadOnlyDictionary<string, SearchLanguage> _byTenant = byTenant ?? new Dictionary<string, SearchLanguage>();

    /// <summary>Every tenant in 'simple': accent- and case-insensitive, no stemming.</summary>
    public static readonly SearchLanguages Default = new();

    public SearchLanguage For(string tenant) => _byTenant.GetValueOrDefault(tenant, fallback);

    /// <summary>Reads "Tenants:{id}:SearchLanguage" (simple, english, portuguese or spanish, any case).</summary>
    public static SearchLanguages FromConfiguration(IConfiguration configuration)
    {
        var byTenant = new Dictionary<string, SearchLanguage>();
        foreach (var tenant in configuration.GetSection("Tenants").GetChildren())
        {
            if (tenant["SearchLanguage"] is not { Length: > 0 } text) continue;
            byTenant[tenant.Key] = Parse(text)
                ?? throw new InvalidOperationException(
                    $"Tenants:{tenant.Key}:SearchLanguage = '{text}' is not one of {string.Join(", ", Enum.GetNames<SearchLanguage>())}");
        }
        return new SearchLanguages(byTenant);
    }

    public static SearchLanguage? Parse(string text) =>
        Enum.TryParse<SearchLanguage>(text, ignoreCase: true, out var language) && Enum.IsDefined(language) && !int.TryParse(text, out _) ? language : null;
}

internal static class SearchLanguageConfig
{
    /// <summary>The PostgreSQL text search configuration of a language.</summary>
    public static string ConfigName(this SearchLanguage language) => language switch
    {
        SearchLanguage.English => "english",
        SearchLanguage.Portuguese => "portuguese",
        SearchLanguage.Spanish => "spanish",
        _ => "simple",
    };
}

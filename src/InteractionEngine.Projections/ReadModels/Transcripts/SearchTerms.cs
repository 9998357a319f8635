using System.Globalization;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// PostgreSQL's text-search parser splits words at spaces and drops symbols, so emoji never become lexemes and a
/// Japanese or Thai sentence becomes one long "word". For such searches the query also matches the text as a
/// literal substring (case-insensitive); for everything else the full-text index alone answers.
/// </summary>
internal static class SearchTerms
{
    public static bool NeedsLiteralMatch(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c)) return true; // emoji and other supplementary-plane symbols
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol or UnicodeCategory.ModifierSymbol) return true;
            if (IsUnspacedScript(c)) return true;
        }
        return false;
    }

    private static bool IsUnspacedScript(char c) => c switch
    {
        >= '\u0E00' and <= '\u0EFF' => true, // Thai, Lao
        >= '\u1000' and <= '\u109F' => true, // Myanmar
        >= '\u1780' and <= '\u17FF' => true, // Khmer
        >= '\u2E80' and <= '\u9FFF' => true, // CJK radicals, kana, CJK ideographs
        >= '\uAC00' and <= '\uD7AF' => true, // Hangul syllables (words may be joined with particles)
        >= '\uF900' and <= '\uFAFF' => true, // CJK compatibility ideographs
        >= '\uFF00' and <= '\uFFEF' => true, // half- and full-width forms
        _ => false,
    };

    /// <summary>An excerpt around the first literal occurrence, cut on text element boundaries.</summary>
    public static SearchSnippet LiteralSnippet(string source, string term, int contextElements = 40)
    {
        var at = source.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return new SearchSnippet([new SnippetPart(Excerpt(source, 0, contextElements * 2, fromEnd: false), false)]);
        var before = Excerpt(source[..at], 0, contextElements, fromEnd: true);
        var after = Excerpt(source[(at + term.Length)..], 0, contextElements, fromEnd: false);
        return new SearchSnippet([new SnippetPart(before, false), new SnippetPart(source.Substring(at, term.Length), true), new SnippetPart(after, false)]);
    }

    private static string Excerpt(string text, int start, int elements, bool fromEnd)
    {
        var boundaries = StringInfo.ParseCombiningCharacters(text);
        if (boundaries.Length <= elements) return text;
        return fromEnd
            ? "…" + text[boundaries[boundaries.Length - elements]..]
            : text[start..boundaries[elements]] + "…";
    }
}

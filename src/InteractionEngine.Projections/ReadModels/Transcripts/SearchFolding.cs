using System.Globalization;
using System.Text;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Accent folding done here, not by PostgreSQL's unaccent extension (which a user-provided server may lack): the indexed
/// text and the query are both folded, so <c>ola</c> finds "Olá" and <c>olá</c> finds "ola". The fold keeps the text's
/// length (one UTF-16 unit for one), so a highlight found in the folded text is cut from the original at the same offsets.
/// </summary>
internal static class SearchFolding
{
    /// <summary>The composed (NFC) form: what is folded and what snippets are cut from.</summary>
    public static string Compose(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    // Latin-1 Supplement and Latin Extended-A/B, folded once: the accented letters of the languages searched here.
    private const char TableEnd = '\u0250';
    private static readonly char[] LatinTable = Enumerable.Range(FirstFolded, TableEnd - FirstFolded).Select(c => FoldOne((char)c)).ToArray();
    private const char FirstFolded = '\u00C0';

    /// <summary>The line's text without accents; the composed text itself when it has nothing to fold (most lines: no copy).</summary>
    public static string? Fold(string? text)
    {
        if (text is null) return null;
        var composed = Compose(text);
        if (composed.AsSpan().IndexOfAnyInRange(FirstFolded, char.MaxValue) < 0) return composed;
        return string.Create(composed.Length, composed, static (folded, source) =>
        {
            for (var i = 0; i < source.Length; i++) folded[i] = Fold(source[i]);
        });
    }

    private static char Fold(char c) => c < FirstFolded ? c : c < TableEnd ? LatinTable[c - FirstFolded] : FoldOne(c);

    private static char FoldOne(char c)
    {
        if (c < FirstFolded || char.IsSurrogate(c)) return c;
        switch (c)
        {
            case 'ø': return 'o';
            case 'Ø': return 'O';
            case 'đ': return 'd';
            case 'Đ': return 'D';
            case 'ł': return 'l';
            case 'Ł': return 'L';
        }
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        if (decomposed.Length < 2 || char.IsSurrogate(decomposed[0])) return c;
        for (var i = 1; i < decomposed.Length; i++)
            if (CharUnicodeInfo.GetUnicodeCategory(decomposed[i]) != UnicodeCategory.NonSpacingMark) return c;
        return decomposed[0];
    }
}

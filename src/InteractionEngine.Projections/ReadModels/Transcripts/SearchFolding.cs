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

    public static string? Fold(string? text)
    {
        if (text is null) return null;
        var composed = Compose(text);
        var folded = new StringBuilder(composed.Length);
        foreach (var c in composed) folded.Append(Fold(c));
        return folded.ToString();
    }

    private static char Fold(char c)
    {
        if (c < '\u00C0' || char.IsSurrogate(c)) return c;
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

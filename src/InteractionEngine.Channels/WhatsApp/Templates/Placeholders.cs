using System.Text.RegularExpressions;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>WhatsApp's template placeholders: {{1}} (positional) or {{name}} (named: lowercase letters, digits, underscores).</summary>
internal static partial class Placeholders
{
    public static IReadOnlyList<string> In(string text) => Pattern().Matches(text).Select(m => m.Groups[1].Value).ToList();

    public static bool IsPositional(string placeholder) => placeholder.All(char.IsAsciiDigit);

    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Pattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\{\{\s*([a-z0-9_]+)\s*\}\}")]
    private static partial Regex Pattern();
}

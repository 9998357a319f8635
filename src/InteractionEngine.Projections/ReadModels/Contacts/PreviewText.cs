using System.Globalization;
using System.Text;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>A one-line preview of a message for the contact list.</summary>
public static class PreviewText
{
    public const int MaxTextElements = 120;

    public static string Of(string? text, IReadOnlyList<Attachment> attachments)
    {
        if (!string.IsNullOrWhiteSpace(text)) return Truncate(OneLine(text));
        if (attachments.Count == 0) return "";
        var first = attachments[0];
        var label = first.Caption ?? first.FileName ?? first.MimeType;
        var more = attachments.Count > 1 ? $" (+{attachments.Count - 1})" : "";
        return Truncate(OneLine($"📎 {label}{more}"));
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Cuts on text element boundaries, so an emoji (surrogate pair, skin tone, ZWJ family) is never split.</summary>
    private static string Truncate(string text)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        var builder = new StringBuilder();
        var count = 0;
        while (elements.MoveNext())
        {
            if (count++ == MaxTextElements) return builder.Append('…').ToString();
            builder.Append(elements.GetTextElement());
        }
        return builder.ToString();
    }
}

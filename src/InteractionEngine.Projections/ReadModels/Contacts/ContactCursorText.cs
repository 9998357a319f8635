using System.Globalization;
using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The contact-list keyset cursor as one opaque URL-safe token.</summary>
public static class ContactCursorText
{
    public static string Format(ContactCursor cursor) => CursorText.Encode($"{cursor.LastActivityAt.UtcTicks}|{cursor.ConversationId}");

    public static ContactCursor? TryParse(string text)
    {
        var raw = CursorText.Decode(text);
        var bar = raw?.IndexOf('|') ?? -1;
        return bar > 0 && long.TryParse(raw![..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ContactCursor(new DateTimeOffset(ticks, TimeSpan.Zero), raw[(bar + 1)..])
            : null;
    }
}

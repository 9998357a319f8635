using System.Globalization;
using System.Text;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Host.Conversations;

/// <summary>The contact-list keyset cursor as one opaque URL-safe token.</summary>
public static class ContactCursorText
{
    public static string Format(ContactCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{cursor.LastActivityAt.UtcTicks}|{cursor.ConversationId}")).Replace('+', '-').Replace('/', '_');

    public static ContactCursor? TryParse(string text)
    {
        try
        {
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/')));
            var bar = raw.IndexOf('|');
            return bar > 0 && long.TryParse(raw[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? new ContactCursor(new DateTimeOffset(ticks, TimeSpan.Zero), raw[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

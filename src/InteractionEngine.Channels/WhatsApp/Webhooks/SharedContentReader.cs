using System.Globalization;
using System.Text.Json;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>
/// Reads WhatsApp's <c>contacts</c> message (contact cards: name.formatted_name, phones[{phone, wa_id, type}],
/// emails[{email}], org.company) and <c>location</c> message (latitude, longitude, name, address, url).
/// </summary>
internal static class SharedContentReader
{
    public const int MaxContacts = 20;

    public static SharedContent? Contacts(JsonElement m, string where, List<string> problems)
    {
        var cards = m.Arr("contacts").Select(Card).OfType<SharedContact>().Take(MaxContacts).ToList();
        if (cards.Count > 0) return new SharedContent(Contacts: cards);
        problems.Add($"{where}: contacts message without a named card kept as an unmodelled message");
        return null;
    }

    public static SharedContent? Location(JsonElement m, string where, List<string> problems)
    {
        var location = m.Obj("location");
        if (Coordinate(location, "latitude", 90) is { } latitude && Coordinate(location, "longitude", 180) is { } longitude)
            return new SharedContent(Location: new SharedLocation(latitude, longitude,
                location.Str("name").NullIfEmpty(), location.Str("address").NullIfEmpty(), location.Str("url").NullIfEmpty()));
        problems.Add($"{where}: location without valid latitude/longitude kept as an unmodelled message");
        return null;
    }

    private static SharedContact? Card(JsonElement card)
    {
        var name = card.Obj("name");
        var formatted = name.Str("formatted_name").NullIfEmpty()
                        ?? string.Join(' ', new[] { name.Str("first_name"), name.Str("last_name") }.Where(p => !string.IsNullOrEmpty(p))).NullIfEmpty();
        var phones = card.Arr("phones")
            .Select(p => p.Str("phone").NullIfEmpty() is { } phone ? new SharedPhone(phone, p.Str("wa_id").NullIfEmpty(), p.Str("type").NullIfEmpty()) : null)
            .OfType<SharedPhone>().ToList();
        var emails = card.Arr("emails").Select(e => e.Str("email").NullIfEmpty()).OfType<string>().ToList();
        formatted ??= phones.FirstOrDefault()?.Phone;
        return formatted is null ? null : new SharedContact(formatted, phones, emails, card.Obj("org").Str("company").NullIfEmpty());
    }

    private static double? Coordinate(JsonElement? e, string name, double limit) =>
        double.TryParse(e.Str(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && Math.Abs(v) <= limit ? v : null;
}

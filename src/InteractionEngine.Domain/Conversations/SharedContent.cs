namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// Structured content a contact shared instead of (or beside) text: contact cards and/or a location, kept as the
/// channel gave them so an agent sees them (WhatsApp's "contacts" and "location" message types).
/// </summary>
public sealed record SharedContent(IReadOnlyList<SharedContact>? Contacts = null, SharedLocation? Location = null);

/// <summary>A shared contact card: the formatted name, its phone numbers, emails and organization.</summary>
public sealed record SharedContact(
    string Name,
    IReadOnlyList<SharedPhone> Phones,
    IReadOnlyList<string> Emails,
    string? Organization = null);

/// <summary>A phone number on a shared card; <paramref name="WaId"/> set when the number is on WhatsApp.</summary>
public sealed record SharedPhone(string Phone, string? WaId = null, string? Type = null);

/// <summary>A shared location (a pin or a named place).</summary>
public sealed record SharedLocation(double Latitude, double Longitude, string? Name = null, string? Address = null, string? Url = null);

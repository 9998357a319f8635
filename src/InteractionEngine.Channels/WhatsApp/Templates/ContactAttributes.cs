using InteractionEngine.Projections.Directory;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>
/// The contact data a "contact.X" template field is filled from, taken from the contact's directory entry. One list, so
/// what the Notifications view says is filled and what the renderer fills cannot drift apart.
/// </summary>
public static class ContactAttributes
{
    public const string Id = "id", FirstName = "firstName", LastName = "lastName", Phone = "phone";

    /// <summary>Each attribute the engine knows, with where it comes from.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Id] = "the contact's id",
        [FirstName] = "the contact's first name in the directory",
        [LastName] = "the contact's last name in the directory",
        [Phone] = "the contact's first phone number in the directory (E.164)",
    };

    /// <summary>The data of one contact: its id always, the rest when its directory entry has them.</summary>
    public static Dictionary<string, string> Of(string contact, ContactProfile? profile)
    {
        var data = new Dictionary<string, string> { [Id] = contact };
        if (profile?.FirstName is { } first) data[FirstName] = first;
        if (profile?.LastName is { } last) data[LastName] = last;
        if (profile?.PhoneNumbers.FirstOrDefault() is { } phone) data[Phone] = phone.Number;
        return data;
    }
}

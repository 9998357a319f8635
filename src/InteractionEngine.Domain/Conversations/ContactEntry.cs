namespace InteractionEngine.Domain.Conversations;

/// <summary>The contact's directory entry as the conversation knows it (<see cref="ConversationState.Directory"/>).</summary>
public sealed record ContactEntry(string? FirstName, string? LastName, IReadOnlyList<ContactPhone> PhoneNumbers, IReadOnlyList<string> Emails)
{
    /// <summary>The entry after a directory event; null (no entry) stays null until the contact is entered.</summary>
    public static ContactEntry? Apply(ContactEntry? entry, IDirectoryEvent e) => (entry, e) switch
    {
        (_, ContactEntered c) => new ContactEntry(c.FirstName, c.LastName, c.PhoneNumbers, c.Emails ?? []),
        (null, _) => null,
        (not null, ContactRenamed r) => entry with { FirstName = r.FirstName, LastName = r.LastName },
        (not null, ContactPhoneNumberAdded a) => entry with
        {
            PhoneNumbers = entry.PhoneNumbers.Any(p => p.Number == a.Number)
                ? entry.PhoneNumbers.Select(p => p.Number == a.Number ? p with { Label = a.Label } : p).ToList()
                : [.. entry.PhoneNumbers, new ContactPhone(a.Number, a.Label)],
        },
        (not null, ContactPhoneNumberRemoved r) => entry with { PhoneNumbers = entry.PhoneNumbers.Where(p => p.Number != r.Number).ToList() },
        (not null, ContactEmailAdded a) => entry.Emails.Contains(a.Email) ? entry : entry with { Emails = [.. entry.Emails, a.Email] },
        (not null, ContactEmailRemoved r) => entry with { Emails = entry.Emails.Where(m => m != r.Email).ToList() },
        _ => entry,
    };
}

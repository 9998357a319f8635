using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;

namespace InteractionEngine.Channels.Contacts;

/// <summary>Why a directory change was refused (nothing changed).</summary>
public enum DirectoryRefusal
{
    /// <summary>The entry breaks <see cref="ContactEntryRules"/>.</summary>
    Invalid,
    /// <summary>Create for an id already in the directory.</summary>
    Exists,
    UnknownContact,
    UnknownNumber,
}

/// <summary>The entry after a change, or why it was refused.</summary>
public sealed record DirectoryEdit(ContactProfile? Profile, DirectoryRefusal? Refusal = null, string? Detail = null)
{
    public static DirectoryEdit Refused(DirectoryRefusal refusal, string detail) => new(null, refusal, detail);
}

/// <summary>
/// Changes to a tenant's directory entries, checked against <see cref="ContactEntryRules"/>: create, update names and the
/// whole number list, add or remove one number keeping the others. Each is a read-modify-write of the one entry.
/// </summary>
public static class DirectoryEdits
{
    public static async Task<DirectoryEdit> CreateAsync(ContactDirectory contacts, ConversationId id, string? firstName, string? lastName,
        IReadOnlyList<(string? Number, string? Label)> numbers, string? defaultRegion, CancellationToken ct)
    {
        if (ContactEntryRules.Validate(firstName, lastName, numbers, defaultRegion, out var phones) is { } problem)
            return DirectoryEdit.Refused(DirectoryRefusal.Invalid, problem);
        var profile = new ContactProfile(id.Value, id.Tenant, id.Contact, firstName, lastName, phones);
        return await contacts.TryCreateAsync(profile, ct)
            ? new DirectoryEdit(profile)
            : DirectoryEdit.Refused(DirectoryRefusal.Exists, $"'{id.Contact}' is already in the directory; use PUT to change it");
    }

    /// <summary>Names given replace the stored ones; <paramref name="numbers"/>, when given, replaces the whole list.</summary>
    public static async Task<DirectoryEdit> UpdateAsync(ContactDirectory contacts, ConversationId id, string? firstName, string? lastName,
        IReadOnlyList<(string? Number, string? Label)>? numbers, string? defaultRegion, CancellationToken ct)
    {
        if (ContactEntryRules.Validate(firstName, lastName, numbers ?? [], defaultRegion, out var phones) is { } problem)
            return DirectoryEdit.Refused(DirectoryRefusal.Invalid, problem);
        return await ChangeAsync(contacts, id, existing => new DirectoryEdit(existing with
        {
            FirstName = firstName ?? existing.FirstName,
            LastName = lastName ?? existing.LastName,
            PhoneNumbers = numbers is null ? existing.PhoneNumbers : phones,
        }), ct);
    }

    public static Task<DirectoryEdit> AddNumberAsync(ContactDirectory contacts, ConversationId id, string? number, string? label, string? defaultRegion,
        CancellationToken ct) =>
        ChangeAsync(contacts, id, existing =>
            ContactEntryRules.AddNumber(existing.PhoneNumbers, number, label, defaultRegion, out var phones) is { } problem
                ? DirectoryEdit.Refused(DirectoryRefusal.Invalid, problem)
                : new DirectoryEdit(existing with { PhoneNumbers = phones }), ct);

    /// <summary>Removes the number written in any format (read as a national number of <paramref name="defaultRegion"/> without a +).</summary>
    public static async Task<DirectoryEdit> RemoveNumberAsync(ContactDirectory contacts, ConversationId id, string number, string? defaultRegion,
        CancellationToken ct)
    {
        if (!ContactPhoneNumbers.TryNormalizeE164(number, defaultRegion, out var e164, out var error))
            return DirectoryEdit.Refused(DirectoryRefusal.Invalid, error!);
        return await ChangeAsync(contacts, id, existing => existing.PhoneNumbers.All(p => p.Number != e164)
            ? DirectoryEdit.Refused(DirectoryRefusal.UnknownNumber, $"'{id.Contact}' has no number {e164}")
            : new DirectoryEdit(existing with { PhoneNumbers = existing.PhoneNumbers.Where(p => p.Number != e164).ToList() }), ct);
    }

    private static async Task<DirectoryEdit> ChangeAsync(ContactDirectory contacts, ConversationId id, Func<ContactProfile, DirectoryEdit> change,
        CancellationToken ct)
    {
        if (await contacts.FindAsync(id, ct) is not { } existing)
            return DirectoryEdit.Refused(DirectoryRefusal.UnknownContact, $"'{id.Contact}' is not in this tenant's directory");
        var edit = change(existing);
        if (edit.Profile is { } changed) await contacts.SaveAsync(changed, ct);
        return edit;
    }
}

using InteractionEngine.Projections.Directory;

namespace InteractionEngine.Channels.Contacts;

/// <summary>What a directory entry may hold: names up to 200 characters, up to 10 phone numbers, each valid and kept in E.164.</summary>
public static class ContactEntryRules
{
    public const int MaxNameLength = 200;
    public const int MaxPhoneNumbers = 10;

    /// <summary>Null when the entry is acceptable, with its numbers in E.164 (repeats dropped); otherwise what is wrong with it.</summary>
    public static string? Validate(string? firstName, string? lastName, IReadOnlyList<(string? Number, string? Label)> requested, string? defaultRegion,
        out IReadOnlyList<ContactPhone> phones)
    {
        phones = [];
        if (firstName is { Length: > MaxNameLength } || lastName is { Length: > MaxNameLength }) return $"names are at most {MaxNameLength} characters";
        if (requested.Count > MaxPhoneNumbers) return $"at most {MaxPhoneNumbers} phone numbers";
        var normalized = new List<ContactPhone>();
        foreach (var (number, label) in requested)
        {
            if (!ContactPhoneNumbers.TryNormalizeE164(number, defaultRegion, out var e164, out var error)) return error;
            if (normalized.All(p => p.Number != e164)) normalized.Add(new ContactPhone(e164, label));
        }
        phones = normalized;
        return null;
    }

    /// <summary>
    /// The entry's numbers with one more (in E.164; a number already there keeps its place and takes the new label),
    /// or what is wrong with it.
    /// </summary>
    public static string? AddNumber(IReadOnlyList<ContactPhone> current, string? number, string? label, string? defaultRegion,
        out IReadOnlyList<ContactPhone> phones)
    {
        phones = current;
        if (!ContactPhoneNumbers.TryNormalizeE164(number, defaultRegion, out var e164, out var error)) return error;
        if (current.Any(p => p.Number == e164))
        {
            phones = current.Select(p => p.Number == e164 ? p with { Label = label ?? p.Label } : p).ToList();
            return null;
        }
        if (current.Count >= MaxPhoneNumbers) return $"at most {MaxPhoneNumbers} phone numbers";
        phones = [.. current, new ContactPhone(e164, label)];
        return null;
    }
}

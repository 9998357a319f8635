namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// What a directory entry may hold: names up to 200 characters, up to 10 phone numbers in E.164 and up to 10 e-mail
/// addresses (kept lower case). The edge turns what a person typed into E.164 (libphonenumber); here only the shape is checked.
/// </summary>
public static class DirectoryRules
{
    public const int MaxNameLength = 200;
    public const int MaxPhoneNumbers = 10;
    public const int MaxEmails = 10;
    public const int MaxEmailLength = 254;
    public const int MaxLabelLength = 64;

    /// <summary>What is wrong with the command's input whatever the entry holds, or null.</summary>
    public static string? Problem(IDirectoryCommand command) => command switch
    {
        _ when string.IsNullOrWhiteSpace(command.By) || command.By.Length > CommandValidation.MaxIdLength => "who makes the change (by) is required, at most 256 characters",
        EnterContact c => Names(c.FirstName, c.LastName) ?? Phones(c.PhoneNumbers) ?? Emails(c.Emails),
        UpdateContact c => Names(c.FirstName, c.LastName) ?? Phones(c.PhoneNumbers) ?? Emails(c.Emails),
        AddContactPhoneNumber c => Phone(c.Number, c.Label),
        RemoveContactPhoneNumber c => IsE164(c.Number) ? null : $"'{c.Number}' is not a phone number in E.164 (+ and 7-15 digits)",
        AddContactEmail c => NormalizeEmail(c.Email, out _),
        RemoveContactEmail c => NormalizeEmail(c.Email, out _),
        _ => null,
    };

    /// <summary>+ then 7 to 15 digits, the first not 0: the form the edge normalises every number to.</summary>
    public static bool IsE164(string? number) =>
        number is { Length: >= 8 and <= 16 } && number[0] == '+' && number[1] != '0' && number.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>
    /// The address trimmed and in lower case (so one address is stored once however it was typed), or what is wrong with it:
    /// one @, a local part of at most 64 characters, a domain with a dot, no spaces.
    /// </summary>
    public static string? NormalizeEmail(string? email, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(email)) return "an e-mail address is required";
        var text = email.Trim();
        if (text.Length > MaxEmailLength) return $"an e-mail address is at most {MaxEmailLength} characters";
        var at = text.IndexOf('@');
        var domain = at < 0 ? "" : text[(at + 1)..];
        if (at is < 1 or > 64 || domain.Contains('@') || !domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.')
            || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return $"'{text}' is not an e-mail address (name@example.com)";
        normalized = text.ToLowerInvariant();
        return null;
    }

    /// <summary>The numbers once each (the first of a repeat keeps its place and label).</summary>
    public static IReadOnlyList<ContactPhone> DistinctPhones(IEnumerable<ContactPhone> phones) =>
        phones.DistinctBy(p => p.Number).ToList();

    /// <summary>The addresses normalised, once each, in the order given (assumes they passed <see cref="Problem"/>).</summary>
    public static IReadOnlyList<string> DistinctEmails(IEnumerable<string> emails) =>
        emails.Select(e => NormalizeEmail(e, out var n) is null ? n : e).Distinct().ToList();

    private static string? Names(string? first, string? last) =>
        first is { Length: > MaxNameLength } || last is { Length: > MaxNameLength } ? $"names are at most {MaxNameLength} characters" : null;

    private static string? Phones(IReadOnlyList<ContactPhone>? phones)
    {
        if (phones is null) return null;
        if (phones.Select(p => p.Number).Distinct().Count() > MaxPhoneNumbers) return $"at most {MaxPhoneNumbers} phone numbers";
        return phones.Select(p => Phone(p.Number, p.Label)).FirstOrDefault(p => p is not null);
    }

    private static string? Phone(string? number, string? label) =>
        !IsE164(number) ? $"'{number}' is not a phone number in E.164 (+ and 7-15 digits)"
        : label is { Length: > MaxLabelLength } ? $"a phone label is at most {MaxLabelLength} characters"
        : null;

    private static string? Emails(IReadOnlyList<string>? emails)
    {
        if (emails is null) return null;
        foreach (var email in emails)
            if (NormalizeEmail(email, out _) is { } problem) return problem;
        return DistinctEmails(emails).Count > MaxEmails ? $"at most {MaxEmails} e-mail addresses" : null;
    }
}

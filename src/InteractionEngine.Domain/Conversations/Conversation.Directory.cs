namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// The contact's directory entry (names, numbers, e-mail addresses) as events of the contact's conversation, so every
/// change has a time and an author and the directory is rebuilt from the journal like every other read model. An entry
/// may exist before any interaction (an agent adds a contact, then starts a WhatsApp interaction with it).
/// </summary>
public static partial class Conversation
{
    /// <summary>The author recorded when an entry written before directory events existed is imported.</summary>
    public const string DirectoryImportBy = "directory-import";

    private static Decision DecideDirectory(ConversationState state, IDirectoryCommand command)
    {
        if (DirectoryRules.Problem(command) is { } problem) return Decision.Reject(ReplyCode.Invalid, problem);
        var contact = command.ConversationId.Contact;
        var entry = state.Directory;
        if (command is EnterContact enter)
            return entry is null
                ? Changed(null, new ContactEntered(enter.ConversationId, enter.FirstName, enter.LastName, DirectoryRules.DistinctPhones(enter.PhoneNumbers),
                    DirectoryRules.DistinctEmails(enter.Emails ?? []), enter.By, enter.At))
                : Decision.Reject(ReplyCode.Conflict, $"'{contact}' is already in the directory; use PUT to change it");
        if (entry is null) return Decision.Reject(ReplyCode.NotFound, $"'{contact}' is not in this tenant's directory");

        var id = command.ConversationId;
        switch (command)
        {
            case UpdateContact c:
                var events = new List<IDirectoryEvent>();
                var (first, last) = (c.FirstName ?? entry.FirstName, c.LastName ?? entry.LastName);
                if (first != entry.FirstName || last != entry.LastName) events.Add(new ContactRenamed(id, first, last, c.By, c.At));
                if (c.PhoneNumbers is { } phones) events.AddRange(PhoneChanges(id, entry.PhoneNumbers, DirectoryRules.DistinctPhones(phones), c.By, c.At));
                if (c.Emails is { } emails) events.AddRange(EmailChanges(id, entry.Emails, DirectoryRules.DistinctEmails(emails), c.By, c.At));
                return events.Count == 0 ? Same(entry, $"'{contact}' already has these details") : Changed(entry, [.. events]);

            case AddContactPhoneNumber c:
                if (entry.PhoneNumbers.FirstOrDefault(p => p.Number == c.Number) is { } known)
                    return c.Label is null || c.Label == known.Label
                        ? Same(entry, $"'{contact}' already has {c.Number}")
                        : Changed(entry, new ContactPhoneNumberAdded(id, c.Number, c.Label, c.By, c.At));
                return entry.PhoneNumbers.Count >= DirectoryRules.MaxPhoneNumbers
                    ? Decision.Reject(ReplyCode.Invalid, $"at most {DirectoryRules.MaxPhoneNumbers} phone numbers")
                    : Changed(entry, new ContactPhoneNumberAdded(id, c.Number, c.Label, c.By, c.At));

            case RemoveContactPhoneNumber c:
                return entry.PhoneNumbers.Any(p => p.Number == c.Number)
                    ? Changed(entry, new ContactPhoneNumberRemoved(id, c.Number, c.By, c.At))
                    : Decision.Reject(ReplyCode.NotFound, $"'{contact}' has no number {c.Number}");

            case AddContactEmail c:
                DirectoryRules.NormalizeEmail(c.Email, out var added);
                if (entry.Emails.Contains(added)) return Same(entry, $"'{contact}' already has {added}");
                return entry.Emails.Count >= DirectoryRules.MaxEmails
                    ? Decision.Reject(ReplyCode.Invalid, $"at most {DirectoryRules.MaxEmails} e-mail addresses")
                    : Changed(entry, new ContactEmailAdded(id, added, c.By, c.At));

            case RemoveContactEmail c:
                DirectoryRules.NormalizeEmail(c.Email, out var removed);
                return entry.Emails.Contains(removed)
                    ? Changed(entry, new ContactEmailRemoved(id, removed, c.By, c.At))
                    : Decision.Reject(ReplyCode.NotFound, $"'{contact}' has no e-mail address {removed}");

            default:
                return Decision.Reject(ReplyCode.Invalid, $"{command.GetType().Name} is not a directory command");
        }
    }

    /// <summary>
    /// The events that turn <paramref name="current"/> into <paramref name="wanted"/>, order included: the common leading
    /// numbers stay (relabelled where the label changed), the rest of the current list goes, the rest of the wanted one is added.
    /// </summary>
    private static IEnumerable<IDirectoryEvent> PhoneChanges(ConversationId id, IReadOnlyList<ContactPhone> current, IReadOnlyList<ContactPhone> wanted,
        string by, DateTimeOffset at)
    {
        var kept = 0;
        while (kept < current.Count && kept < wanted.Count && current[kept].Number == wanted[kept].Number) kept++;
        for (var i = 0; i < kept; i++)
            if (current[i].Label != wanted[i].Label) yield return new ContactPhoneNumberAdded(id, wanted[i].Number, wanted[i].Label, by, at);
        for (var i = kept; i < current.Count; i++) yield return new ContactPhoneNumberRemoved(id, current[i].Number, by, at);
        for (var i = kept; i < wanted.Count; i++) yield return new ContactPhoneNumberAdded(id, wanted[i].Number, wanted[i].Label, by, at);
    }

    private static IEnumerable<IDirectoryEvent> EmailChanges(ConversationId id, IReadOnlyList<string> current, IReadOnlyList<string> wanted,
        string by, DateTimeOffset at) =>
        current.Except(wanted).Select(e => (IDirectoryEvent)new ContactEmailRemoved(id, e, by, at))
            .Concat(wanted.Except(current).Select(e => new ContactEmailAdded(id, e, by, at)));

    /// <summary>Accepted, the reply carrying the entry as the events leave it.</summary>
    private static Decision Changed(ContactEntry? entry, params IDirectoryEvent[] events) =>
        Decision.Accept(new Reply(ReplyCode.Accepted, Contact: events.Aggregate(entry, ContactEntry.Apply)), events);

    private static Decision Same(ContactEntry entry, string reason) => new([], new Reply(ReplyCode.Unchanged, reason, Contact: entry));
}

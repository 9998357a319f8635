namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// A change to the contact's directory entry. Phone numbers arrive in E.164 (the edge normalises what a person typed,
/// with libphonenumber); Decide checks their shape and the entry's limits (<see cref="DirectoryRules"/>).
/// </summary>
public interface IDirectoryCommand : IConversationCommand
{
    /// <summary>Who asks: the caller's agent id or key id.</summary>
    string By { get; }
}

/// <summary>Adds the contact to the directory; refused (Conflict) when it is already there.</summary>
public sealed record EnterContact(
    ConversationId ConversationId, string? FirstName, string? LastName, IReadOnlyList<ContactPhone> PhoneNumbers,
    IReadOnlyList<string>? Emails, string By, DateTimeOffset At) : IDirectoryCommand;

/// <summary>
/// Changes an entry: a name given replaces the stored one (null keeps it); <paramref name="PhoneNumbers"/> and
/// <paramref name="Emails"/>, when given, replace the whole list (null keeps it).
/// </summary>
public sealed record UpdateContact(
    ConversationId ConversationId, string? FirstName, string? LastName, IReadOnlyList<ContactPhone>? PhoneNumbers,
    IReadOnlyList<string>? Emails, string By, DateTimeOffset At) : IDirectoryCommand;

/// <summary>Adds one number at the end (a number already there keeps its place and takes the label).</summary>
public sealed record AddContactPhoneNumber(ConversationId ConversationId, string Number, string? Label, string By, DateTimeOffset At) : IDirectoryCommand;

public sealed record RemoveContactPhoneNumber(ConversationId ConversationId, string Number, string By, DateTimeOffset At) : IDirectoryCommand;

public sealed record AddContactEmail(ConversationId ConversationId, string Email, string By, DateTimeOffset At) : IDirectoryCommand;

public sealed record RemoveContactEmail(ConversationId ConversationId, string Email, string By, DateTimeOffset At) : IDirectoryCommand;

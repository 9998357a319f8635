namespace InteractionEngine.Domain.Conversations;

/// <summary>A fact about the contact's directory entry (names, phone numbers, e-mail addresses), kept in the contact's conversation.</summary>
public interface IDirectoryEvent : IConversationEvent
{
    /// <summary>Who made the change: the caller's agent id or key id, or "directory-import" for entries written before these events existed.</summary>
    string By { get; }
}

/// <summary>A phone number of a directory entry, in E.164, with an optional label ("mobile", "work").</summary>
public sealed record ContactPhone(string Number, string? Label);

/// <summary>The contact entered the directory. Numbers are E.164 and e-mail addresses lower case, each once, in the order given.</summary>
public sealed record ContactEntered(
    ConversationId ConversationId, string? FirstName, string? LastName, IReadOnlyList<ContactPhone> PhoneNumbers,
    IReadOnlyList<string>? Emails, string By, DateTimeOffset At) : IDirectoryEvent;

/// <summary>The entry's names are now these (null: no name).</summary>
public sealed record ContactRenamed(ConversationId ConversationId, string? FirstName, string? LastName, string By, DateTimeOffset At) : IDirectoryEvent;

/// <summary>A number joined the entry at the end, or, when it was already there, took this label in its place.</summary>
public sealed record ContactPhoneNumberAdded(ConversationId ConversationId, string Number, string? Label, string By, DateTimeOffset At) : IDirectoryEvent;

public sealed record ContactPhoneNumberRemoved(ConversationId ConversationId, string Number, string By, DateTimeOffset At) : IDirectoryEvent;

public sealed record ContactEmailAdded(ConversationId ConversationId, string Email, string By, DateTimeOffset At) : IDirectoryEvent;

public sealed record ContactEmailRemoved(ConversationId ConversationId, string Email, string By, DateTimeOffset At) : IDirectoryEvent;

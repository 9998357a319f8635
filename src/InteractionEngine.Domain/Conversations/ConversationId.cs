namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// One contact's conversation within one tenant (organization). The tenant is part of the identity,
/// so nothing can address a conversation without naming its tenant.
/// </summary>
public sealed record ConversationId(string Tenant, string Contact)
{
    private const char Separator = ':';

    /// <summary>Stable text form, used as entity id, persistence id suffix and Marten stream key.</summary>
    public string Value => $"{Tenant}{Separator}{Contact}";

    public override string ToString() => Value;

    public static ConversationId Parse(string value)
    {
        var at = value.IndexOf(Separator);
        if (at <= 0 || at == value.Length - 1)
            throw new FormatException($"'{value}' is not a conversation id (expected tenant:contact)");
        return new ConversationId(value[..at], value[(at + 1)..]);
    }

    /// <summary>Tenant and contact ids are short identifiers: letters, digits and . _ - + @ only.</summary>
    public static bool IsValidPart(string? part) =>
        !string.IsNullOrEmpty(part) && part.Length <= 128 &&
        part.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '@');
}

/// <summary>Every command and event names the conversation it belongs to.</summary>
public interface IWithConversationId
{
    ConversationId ConversationId { get; }
}

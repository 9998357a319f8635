using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// A command with the correlation id of the request that caused it (HTTP X-Correlation-Id), so the actor's and
/// the pipeline's logs can be followed back to the request. The id travels with the events as a journal tag.
/// </summary>
public sealed record CorrelatedCommand(IConversationCommand Command, string CorrelationId) : IWithConversationId
{
    public const string TagPrefix = "cid:";

    public ConversationId ConversationId => Command.ConversationId;

    /// <summary>The correlation id carried in an event's tags, if any.</summary>
    public static string? FromTags(IEnumerable<string> tags) =>
        tags.FirstOrDefault(t => t.StartsWith(TagPrefix, StringComparison.Ordinal))?[TagPrefix.Length..];

    /// <summary>Tags may not contain the CSV separator or the tag delimiters of the journal's tag column.</summary>
    public static bool IsValid(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

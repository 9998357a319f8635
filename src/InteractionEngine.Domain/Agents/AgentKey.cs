using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Domain.Agents;

/// <summary>One agent within one tenant: agent state is per tenant, as everything is.</summary>
public sealed record AgentKey(string Tenant, string Agent)
{
    /// <summary>
    /// The agent's stream id on the read side starts its contact part with this. '~' is not a contact id character, so an
    /// agent stream never collides with a contact's conversation, and the one journal feed carries both.
    /// </summary>
    public const string StreamPrefix = "~agent.";

    /// <summary>Stable text form: entity id and persistence id suffix.</summary>
    public string Value => $"{Tenant}:{Agent}";

    /// <summary>Where the agent's events live on the read side (stream key "tenant:~agent.{id}").</summary>
    public ConversationId Stream => new(Tenant, StreamPrefix + Agent);

    public override string ToString() => Value;

    public static AgentKey Parse(string value)
    {
        var id = ConversationId.Parse(value);
        return new AgentKey(id.Tenant, id.Contact);
    }

    /// <summary>The agent a read-side stream id belongs to, or null for a contact's conversation.</summary>
    public static AgentKey? FromStream(string streamId)
    {
        var at = streamId.IndexOf(':');
        if (at <= 0) return null;
        var contact = streamId[(at + 1)..];
        return contact.StartsWith(StreamPrefix, StringComparison.Ordinal) && contact.Length > StreamPrefix.Length
            ? new AgentKey(streamId[..at], contact[StreamPrefix.Length..])
            : null;
    }

    /// <summary>Agent ids follow the contact id rules (letters, digits and . _ - + @, at most 128).</summary>
    public static bool IsValidAgentId(string? agent) => ConversationId.IsValidPart(agent);
}

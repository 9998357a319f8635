using System.Buffers.Text;
using System.Globalization;
using System.Text;
using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadYourWrites;

/// <summary>
/// Where a command left its conversation, as a client carries it from the command's answer to its next read: the
/// conversation and its version (the journal sequence number of the command's last event). Opaque to clients:
/// <c>1.{conversation id, base64url}.{version}</c>, URL-safe as it stands (see docs/decisions/0008).
/// </summary>
public sealed record ReadPosition(ConversationId Conversation, long Version)
{
    public const string QueryName = "position";
    public const string HeaderName = "X-Read-Position";
    public const string InvalidDetail = "'position' must be a position from a command's answer, as it was given";
    private const string FormatVersion = "1";

    public string Format() =>
        $"{FormatVersion}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Conversation.Value))}.{Version.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => Format();

    /// <summary>The position a reply leaves its conversation at, or null when the reply carries none (an answer remembered before positions existed).</summary>
    public static ReadPosition? Of(Reply reply, ConversationId conversation) =>
        reply.Version is { } version ? new ReadPosition(conversation, version) : null;

    /// <summary>Null unless <paramref name="text"/> is a position this API formatted: right shape, a valid conversation id, a version of 0 or more.</summary>
    public static ReadPosition? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 400) return null;
        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0] != FormatVersion) return null;
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return null;
        if (!Base64Url.IsValid(parts[1])) return null;
        string id;
        try
        {
            id = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
        var at = id.IndexOf(':');
        // An agent's stream (the agent state commands' positions) or a contact's conversation.
        if (at < 0 || !ConversationId.IsValidPart(id[..at]) || !(ConversationId.IsValidPart(id[(at + 1)..]) || AgentKey.FromStream(id) is { } agent && AgentKey.IsValidAgentId(agent.Agent))) return null;
        var position = new ReadPosition(new ConversationId(id[..at], id[(at + 1)..]), version);
        // Only the exact text this API writes (no padding, no leading zeros): one position, one spelling.
        return position.Format() == text ? position : null;
    }
}

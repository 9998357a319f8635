using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Host.Conversations;

/// <summary>Channel-neutral inbound message from the routing layer or a channel adapter.</summary>
public sealed record InboundMessageRequest(
    ChannelKind? Channel, string? ChannelMessageId, string? Text, IReadOnlyList<Attachment>? Attachments, DateTimeOffset? SentAt,
    string? InReplyTo = null, ButtonReply? ButtonReply = null);

public sealed record RouteRequest(ChannelKind? Channel, string? AgentId, string? Reason);

/// <summary>Text (emoji welcome) and/or attachments uploaded through /api/v1/attachments.</summary>
public sealed record AgentMessageRequest(string? AgentId, string? ClientMessageId, string? Text, IReadOnlyList<Attachment>? Attachments);

public sealed record ContactLeftRequest(string? Reason);

/// <summary>Agent commands: <paramref name="AgentId"/> may be omitted with an agent key (it acts as itself).</summary>
public sealed record AgentRequest(string? AgentId, string? Reason = null);

public sealed record ReactivateRequest(string? AgentId, ChannelKind? Channel);

public sealed record MarkReadRequest(string? AgentId, long? UpToMessageNumber);

/// <summary>Done with an optional wrap-up code (GET /api/v1/wrap-up-codes) and note; <paramref name="AgentId"/> as on <see cref="AgentRequest"/>.</summary>
public sealed record DoneRequest(string? AgentId, string? WrapUpCode = null, string? WrapUpNote = null);

/// <summary>A private note: <paramref name="ClientMessageId"/> (or the Idempotency-Key header) makes a retry a no-op.</summary>
public sealed record PrivateNoteRequest(string? AgentId, string? ClientMessageId, string? Text);

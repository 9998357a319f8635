using System.Text.Json.Serialization;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

public enum TranscriptLineKind
{
    InteractionOpened,
    Routed,
    Transferred,
    SessionEnded,
    Done,
    Reactivated,
    IdleAlert,
    Message,
    Notification,

    /// <summary>The contact reacted to a message (or removed a reaction): see <see cref="TranscriptLine.Reaction"/> and <see cref="TranscriptLine.InReplyTo"/>.</summary>
    Reaction,

    /// <summary>An agent's private note (<see cref="TranscriptLine.Internal"/>): for agents only, never sent to the contact.</summary>
    Note,
}

public enum MessageDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// Who wrote or did it: the contact (id = contact id), an agent (id = agent id) or the system (id null).
/// <paramref name="Name"/> is what to show: filled by the queries at read time (contacts from the directory, else their
/// channel profile name; agents from the tenant's roster; else the id), never stored, so a rename shows everywhere.
/// </summary>
public sealed record Author(Party Party, string? Id, string? Name = null);

/// <summary>A contact's reaction to the message the line's InReplyTo names; <see cref="Emoji"/> null: the reaction was removed.</summary>
public sealed record Reaction(string? Emoji)
{
    public bool Removed => Emoji is null;
}

/// <summary>
/// Where fetching an inbound attachment the channel holds (<paramref name="ChannelReference"/>, "whatsapp-media:{id}")
/// stands: Pending (not fetched yet, or <paramref name="Retrying"/> after a failure), Stored (the line's attachment at
/// <paramref name="Index"/> is then the engine's copy) or Failed with <paramref name="Reason"/>.
/// </summary>
public sealed record AttachmentFetch(
    int Index, string ChannelReference, MediaFetchStatus Status, string? Reason = null, int Attempts = 0, bool Retrying = false, DateTimeOffset? At = null);

/// <summary>Where an outbound message stands, as last reported by its channel.</summary>
public sealed record Delivery(DeliveryStatus Status, DateTimeOffset At, string? ChannelMessageId = null, DeliveryError? Error = null);

/// <summary>
/// One line of a contact's transcript: a message, a notification or an interaction boundary.
/// <see cref="Position"/> is the stream version of the event that created the line, so it is stable,
/// unique within the conversation and the cursor for paging. Message lines are keyed by message number
/// (what delivery statuses name), every other line by position; see <see cref="TranscriptLineIds"/>.
/// </summary>
public sealed record TranscriptLine
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required string Contact { get; init; }
    public required string ConversationId { get; init; }
    public required long Position { get; init; }
    public required int Interaction { get; init; }
    public required TranscriptLineKind Kind { get; init; }

    /// <summary>The message's channel; for boundary lines the channel of their interaction.</summary>
    public required ChannelKind Channel { get; init; }

    public required MediaType Media { get; init; }
    public MessageDirection? Direction { get; init; }
    public required Author Author { get; init; }
    public required DateTimeOffset At { get; init; }

    // Messages and notifications
    public long? MessageNumber { get; init; }

    /// <summary>The channel's id: the contact's message id, or for outbound lines the id the channel reported with a status.</summary>
    public string? ChannelMessageId { get; init; }

    public string? ClientMessageId { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    public DateTimeOffset? SentAt { get; init; }
    public string? ChannelMessageType { get; init; }
    public NotificationContent? Notification { get; init; }
    public ButtonReply? ButtonReply { get; init; }

    /// <summary>The channel message id this inbound message answers (e.g. the notification whose button was pressed).</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The message number <see cref="InReplyTo"/> resolved to within this conversation, when known.</summary>
    public long? InReplyToMessageNumber { get; init; }

    public Delivery? Delivery { get; init; }

    /// <summary>Inbound lines with channel-held media: each such attachment's fetch status (see <see cref="AttachmentFetch"/>).</summary>
    public IReadOnlyList<AttachmentFetch>? AttachmentFetches { get; init; }

    /// <summary>Contact cards or a location the contact shared.</summary>
    public SharedContent? Shared { get; init; }

    /// <summary>On <see cref="TranscriptLineKind.Reaction"/> lines: the emoji, or none when the contact removed the reaction.</summary>
    public Reaction? Reaction { get; init; }

    // Interaction boundaries
    public string? AgentId { get; init; }
    public string? PreviousAgentId { get; init; }
    public string? Reason { get; init; }
    public InteractionOrigin? Origin { get; init; }

    /// <summary>On an interaction an agent started: the channel address chosen (e.g. the contact's E.164 number).</summary>
    public string? Address { get; init; }
    public int? PreviousInteraction { get; init; }
    public bool? NewInteraction { get; init; }
    public DateTimeOffset? IdleSince { get; init; }

    /// <summary>On Done lines: the wrap-up code, its label as it was when chosen, and the agent's wrap-up note (each when given).</summary>
    public string? WrapUpCode { get; init; }
    public string? WrapUpLabel { get; init; }
    public string? WrapUpNote { get; init; }

    /// <summary>True on private notes: visibility internal, shown to agents only, never sent to the contact.</summary>
    public bool? Internal { get; init; }

    /// <summary>Everything a keyword search should find this line by (text, captions, template body, buttons).</summary>
    public string? SearchText { get; init; }

    /// <summary>
    /// The tenant's language when the line was indexed (its stemming); set by the projection for the duplicated column
    /// only, so the line's JSON (and the API's, and the as-of fold's) stays the same whatever the setting.
    /// </summary>
    [JsonIgnore]
    public SearchLanguage? SearchLanguage { get; init; }

    /// <summary>The search text without accents (<see cref="SearchFolding"/>): the indexed column, never stored in the JSON.</summary>
    [JsonIgnore]
    public string? SearchFolded => SearchFolding.Fold(SearchText);
}

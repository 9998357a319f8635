namespace InteractionEngine.Domain.Conversations;

/// <summary>Shape checks that need no state: a malformed command is Invalid whatever the lifecycle.</summary>
public static class CommandValidation
{
    public const int MaxTextLength = 65_536;
    public const int MaxIdLength = 256;
    public const int MaxAttachments = 10;

    /// <summary>The longest private note: a note is for colleagues, not a document.</summary>
    public const int MaxNoteLength = 4000;

    public static string? Problem(IConversationCommand command) => command switch
    {
        RouteInteraction c => Id(c.AgentId, "agent id") ?? Required(c.Reason, "routing reason"),
        ReceiveMessage c => Id(c.ChannelMessageId, "channel message id")
                            ?? (c.From is null ? null : Id(c.From, "sender address"))
                            ?? Content(c.Text, c.Attachments, allowEmpty: c.ButtonReply is not null || c.ChannelMessageType is not null),
        SendMessage c => Id(c.AgentId, "agent id") ?? Id(c.ClientMessageId, "client message id") ?? Content(c.Text, c.Attachments, allowEmpty: false),
        SendNotification c => Id(c.AgentId, "agent id") ?? Id(c.ClientMessageId, "client message id")
                               ?? Required(c.Notification.TemplateName, "template name") ?? Required(c.Notification.Body, "notification body"),
        RecordChannelDeliveryStatus c => Id(c.ChannelMessageId, "channel message id")
                                          ?? (c.Status == DeliveryStatus.Pending ? "Pending is not a status a channel reports" : null),
        ExpireUnknownDelivery c => c.MessageNumber < 1 ? "message number must be positive" : null,
        RequestChannelConnection c => Id(c.AgentId, "agent id") ?? Id(c.ClientMessageId, "client message id") ?? Id(c.Address, "channel address")
                                      ?? Required(c.Notification.TemplateName, "template name") ?? Required(c.Notification.Body, "notification body"),
        RecordChannelState c => Id(c.Address, "channel address"),
        ValidateChannel c => Id(c.AgentId, "agent id") ?? Id(c.ClientMessageId, "client message id") ?? Id(c.Address, "channel address")
                             ?? Required(c.Notification.TemplateName, "template name") ?? Required(c.Notification.Body, "notification body"),
        RecordDeliveryStatus c => c.Status == DeliveryStatus.Pending ? "Pending is not a status a channel reports"
            : c.MessageNumber < 1 ? "message number must be positive" : null,
        EndSession c => c.By == Party.Agent ? Id(c.ActorId, "agent id") : null,
        MarkDone c => Id(c.AgentId, "agent id") ?? (c.WrapUpCode is null ? null : Id(c.WrapUpCode, "wrap-up code"))
                       ?? (c.WrapUpNote is { Length: > WrapUpPolicy.MaxNoteLength } ? $"wrap-up note is longer than {WrapUpPolicy.MaxNoteLength} characters" : null),
        AddPrivateNote c => Id(c.AgentId, "agent id") ?? Id(c.ClientMessageId, "client message id") ?? Required(c.Text, "note text")
                            ?? (c.Text.Length > MaxNoteLength ? $"note text is longer than {MaxNoteLength} characters" : null),
        Reactivate c => Id(c.AgentId, "agent id"),
        MarkRead c => Id(c.AgentId, "agent id") ?? (c.UpToMessageNumber < 1 ? "read position must be a positive message number" : null),
        MarkUnread c => Id(c.AgentId, "agent id"),
        StartInteraction c => Id(c.AgentId, "agent id") ?? Id(c.ClientMessageId, "client message id")
                              ?? (c.Address is null ? null : Id(c.Address, "channel address")),
        RecordAttachmentFetch c => FetchProblem(c),
        _ => null,
    };

    /// <summary>References to media the channel keeps (e.g. "whatsapp-media:{id}"), whose size may be unknown.</summary>
    public static bool IsChannelHeld(string reference) => reference.StartsWith("whatsapp-media:", StringComparison.Ordinal);

    private static string? FetchProblem(RecordAttachmentFetch c)
    {
        if (c.MessageNumber < 1) return "message number must be positive";
        if (c.Index is < 0 or >= MaxAttachments) return $"attachment index must be 0–{MaxAttachments - 1}";
        if (c.Attempt < 1) return "attempt must be positive";
        if (!IsChannelHeld(c.ChannelReference)) return $"'{c.ChannelReference}' is not media a channel holds";
        if ((c.Stored is null) == string.IsNullOrWhiteSpace(c.FailureReason)) return "give either the stored attachment or a failure reason";
        if (c.Stored is { } a && (string.IsNullOrWhiteSpace(a.Reference) || IsChannelHeld(a.Reference) || a.SizeBytes <= 0 || !a.MimeType.Contains('/')))
            return "a stored attachment needs the engine's reference, a positive size and a media type";
        return null;
    }

    private static string? Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} is required" : null;

    private static string? Id(string? value, string name) =>
        Required(value, name) ?? (value!.Length > MaxIdLength ? $"{name} is longer than {MaxIdLength} characters" : null);

    private static string? Content(string? text, IReadOnlyList<Attachment>? attachments, bool allowEmpty)
    {
        attachments ??= [];
        if (!allowEmpty && string.IsNullOrWhiteSpace(text) && attachments.Count == 0) return "a message needs text (not only spaces) or an attachment";
        if (text is { Length: > MaxTextLength }) return $"text is longer than {MaxTextLength} characters";
        if (attachments.Count > MaxAttachments) return $"at most {MaxAttachments} attachments per message";
        foreach (var a in attachments)
        {
            if (string.IsNullOrWhiteSpace(a.Reference)) return "attachment reference is required";
            if (string.IsNullOrWhiteSpace(a.MimeType) || !a.MimeType.Contains('/')) return $"attachment mime type '{a.MimeType}' is not a media type";
            // Media a channel holds (a WhatsApp media id) arrives without a size: 0 means unknown there.
            if (a.SizeBytes < 0 || (a.SizeBytes == 0 && !IsChannelHeld(a.Reference))) return "attachment size must be positive";
        }
        return null;
    }
}

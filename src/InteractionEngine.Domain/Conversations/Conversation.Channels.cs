using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

/// <summary>Channel rules: WhatsApp's 24-hour customer service window, channel state, statuses named by wamid.</summary>
public static partial class Conversation
{
    /// <summary>WhatsApp's customer service window: free-form messages only this long after the contact's last message.</summary>
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(24);

    /// <summary>How many channel message ids (wamids of outbound messages) map back to their message numbers.</summary>
    public const int ChannelMessageIdMemory = 2000;

    /// <summary>
    /// Why a free-form message may not go out now, or null. The window runs from the contact's last WhatsApp
    /// message only (its channel time, the latest seen, so a late redelivery does not reopen it): a message on another
    /// channel opens no WhatsApp window, and a contact who never wrote on WhatsApp has none, so only templates can go
    /// (the platform would refuse with 131047 anyway; refusing here tells the agent at once and records nothing).
    /// </summary>
    public static string? FreeFormProblem(Started s, DateTimeOffset at)
    {
        if (s.Current.Channel != ChannelKind.WhatsApp) return null;
        if (ChannelSendProblem(s, notification: false) is { } channel) return channel;
        if (s.LastContactSentAt is not { } lastContact)
            return $"contact {s.Id.Contact} has never written on WhatsApp, so no 24-hour customer service window is open; " +
                   "only a template notification can be sent until the contact writes";
        if (at - lastContact < CustomerServiceWindow) return null;
        return $"the 24-hour customer service window closed at {(lastContact + CustomerServiceWindow).UtcDateTime:yyyy-MM-dd HH:mm:ss}Z " +
               "(24 hours after the contact's last message); only a template notification can be sent";
    }

    /// <summary>WhatsApp's text limit (UTF-16 units, the stricter reading).</summary>
    public const int WhatsAppMaxTextLength = 4096;

    public const int WhatsAppMaxCaptionLength = 1024;
    public const long WhatsAppMaxImageBytes = 5 * 1024 * 1024;

    /// <summary>WhatsApp's own limits, checked before anything is sent: text length, one image (jpeg or png, at most 5 MB) per message.</summary>
    public static string? WhatsAppLimitProblem(SendMessage c)
    {
        if (c.Text is { Length: > WhatsAppMaxTextLength })
            return $"WhatsApp text is at most {WhatsAppMaxTextLength} characters; this one has {c.Text.Length}";
        if (c.Attachments.Count > 1) return "WhatsApp sends one image per message; send the others as separate messages";
        if (c.Attachments is [var image])
        {
            if (!image.MimeType.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase) && !image.MimeType.Equals("image/png", StringComparison.OrdinalIgnoreCase))
                return $"WhatsApp images must be image/jpeg or image/png, not {image.MimeType}";
            if (image.SizeBytes > WhatsAppMaxImageBytes)
                return $"the image is {image.SizeBytes} bytes; WhatsApp allows at most {WhatsAppMaxImageBytes} (5 MB)";
            if ((image.Caption ?? c.Text) is { Length: > WhatsAppMaxCaptionLength })
                return $"a WhatsApp image caption (the message text) is at most {WhatsAppMaxCaptionLength} characters";
        }
        return null;
    }

    private static string? ChannelSendProblem(Started s, bool notification) => s.WhatsAppChannel switch
    {
        null or { State: ChannelState.Connected } => null,
        { State: ChannelState.Requested } when notification => null,
        { State: ChannelState.Requested } h => $"the WhatsApp channel {h.Address} waits for the contact to approve the connection request",
        { State: ChannelState.Warning } h => $"the WhatsApp channel {h.Address} has a warning: {h.Reason ?? "the number could not be reached"}" +
                                             (h.ErrorCode is { } code ? $" (error {code})" : "") + "; validate the channel first",
        { } h => $"the WhatsApp channel {h.Address} is disconnected" + (h.Reason is { } r ? $": {r}" : ""),
    };

    private static Decision SendFreeForm(Started s, SendMessage c, TenantPolicy policy)
    {
        if (s.ProcessedKeys.TryGet(OutboundKey(c.ClientMessageId), out var original)) return Decision.Duplicate(original);
        if (s.Current.Channel == ChannelKind.WhatsApp && WhatsAppLimitProblem(c) is { } limit) return Decision.Reject(ReplyCode.Invalid, limit);
        if (FreeFormProblem(s, c.At) is { } problem) return Decision.Reject(ReplyCode.Conflict, problem);
        return Send(s, c.AgentId, c.ClientMessageId, c.At, (i, n, ch) =>
            new MessageSent(s.Id, i, n, ch, c.AgentId, c.ClientMessageId, c.Text, c.Attachments, c.At, s.Current.Address), policy.WriteAfterDone);
    }

    private static Decision SendTemplate(Started s, SendNotification c, TenantPolicy policy)
    {
        if (s.ProcessedKeys.TryGet(OutboundKey(c.ClientMessageId), out var original)) return Decision.Duplicate(original);
        if (s.Current.Channel == ChannelKind.WhatsApp && ChannelSendProblem(s, notification: true) is { } problem)
            return Decision.Reject(ReplyCode.Conflict, problem);
        return Send(s, c.AgentId, c.ClientMessageId, c.At, (i, n, ch) =>
            new NotificationSent(s.Id, i, n, ch, c.AgentId, c.ClientMessageId, c.Notification, c.At, s.Current.Address), policy.WriteAfterDone);
    }

    /// <summary>A contact's message on a channel in Requested, Warning or Disconnected proves it works: it becomes Connected.</summary>
    private static Decision ReceiveOnChannel(Started s, ReceiveMessage c, TenantPolicy policy)
    {
        var decision = Receive(s, c, policy);
        if (decision.Reply.Code != ReplyCode.Accepted || c.Channel != ChannelKind.WhatsApp
            || s.WhatsAppChannel is not { State: not ChannelState.Connected } health)
            return decision;
        var reason = c.ButtonReply is not null ? "the contact approved the connection" : "the contact wrote";
        return decision with
        {
            Events = [.. decision.Events, new ChannelStateChanged(s.Id, ChannelKind.WhatsApp, health.Address, ChannelState.Connected, reason, null, c.At)],
        };
    }

    private static Decision RecordByChannelId(Started s, RecordChannelDeliveryStatus c)
    {
        if (s.ChannelMessageNumbers is null || !s.ChannelMessageNumbers.TryGet(c.ChannelMessageId, out var number))
            return Decision.Reject(ReplyCode.NotFound, $"no outbound message of this conversation has channel message id '{c.ChannelMessageId}'");
        return RecordStatus(s, new RecordDeliveryStatus(c.ConversationId, number, c.Status, c.ChannelMessageId, c.Error, c.At));
    }

    private static Decision ExpireUnknown(Started s, ExpireUnknownDelivery c)
    {
        if (!s.OutboundStatus.TryGet(c.MessageNumber, out var status))
            return Decision.Reject(ReplyCode.NotFound, $"message {c.MessageNumber} is not a tracked outbound message of this conversation");
        if (status != DeliveryStatus.Pending) return Decision.Unchanged($"message {c.MessageNumber} is already {status}");
        return Decision.Accept(new Reply(ReplyCode.Accepted),
            new DeliveryStatusChanged(s.Id, c.MessageNumber, DeliveryStatus.Failed, null, c.Error, c.At));
    }

    private static Decision RequestConnection(Started s, RequestChannelConnection c)
    {
        if (s.ProcessedKeys.TryGet(OutboundKey(c.ClientMessageId), out var original)) return Decision.Duplicate(original);
        if (c.Channel != ChannelKind.WhatsApp)
            return Decision.Reject(ReplyCode.Invalid, $"{c.Channel} channels need no connection request");
        if (s.WhatsAppChannel is { State: ChannelState.Connected } connected && connected.Address == c.Address)
            return Decision.Unchanged($"the WhatsApp channel {c.Address} is already connected");
        var sent = Send(s, c.AgentId, c.ClientMessageId, c.At, (i, n, ch) =>
            new NotificationSent(s.Id, i, n, ChannelKind.WhatsApp, c.AgentId, c.ClientMessageId, c.Notification, c.At, c.Address));
        if (sent.Reply.Code != ReplyCode.Accepted) return sent;
        return sent with
        {
            Events = [new ChannelStateChanged(s.Id, ChannelKind.WhatsApp, c.Address, ChannelState.Requested, "connection request sent", null, c.At), .. sent.Events],
        };
    }

    /// <summary>
    /// A validation is an outbound command like a message: its client id makes a retry a duplicate (never a second send).
    /// Any agent of the tenant may check a contact's number, routed to them or not, as before it went through the outbox.
    /// </summary>
    private static Decision Validate(Started s, ValidateChannel c)
    {
        if (s.ProcessedKeys.TryGet(OutboundKey(c.ClientMessageId), out var original)) return Decision.Duplicate(original);
        if (c.Channel != ChannelKind.WhatsApp) return Decision.Reject(ReplyCode.Invalid, $"{c.Channel} channels cannot be validated");
        var number = s.LastValidationNumber + 1;
        return Decision.Accept(new Reply(ReplyCode.Accepted, Message: new MessageRef(s.Current.Number, 0), Interaction: s.Current.Number),
            new ChannelValidationRequested(s.Id, c.Channel, c.Address, number, c.AgentId, c.ClientMessageId, c.Notification, c.At));
    }

    private static Started EvolveValidation(Started s, ChannelValidationRequested e) => s with
    {
        LastValidationNumber = e.ValidationNumber,
        // Message number 0: a validation is not a message of the transcript.
        ProcessedKeys = s.ProcessedKeys.Set(OutboundKey(e.ClientMessageId), new MessageRef(s.Current.Number, 0)),
    };

    private static Decision RecordChannel(Started s, RecordChannelState c)
    {
        if (c.Channel != ChannelKind.WhatsApp) return Decision.Reject(ReplyCode.Invalid, $"{c.Channel} channel states are not tracked");
        if (s.WhatsAppChannel is { } h && h.State == c.State && h.Address == c.Address && h.Reason == c.Reason && h.ErrorCode == c.ErrorCode)
            return Decision.Unchanged($"the WhatsApp channel is already {c.State}");
        // A delivery clearing a warning must not turn a channel still waiting for approval into Connected, and so on:
        // only Warning and Disconnected are cleared by an adapter's Connected.
        if (c.State == ChannelState.Connected && s.WhatsAppChannel is { State: ChannelState.Requested })
            return Decision.Unchanged("the WhatsApp channel waits for the contact's approval");
        return Decision.Accept(new Reply(ReplyCode.Accepted),
            new ChannelStateChanged(s.Id, c.Channel, c.Address, c.State, c.Reason, c.ErrorCode, c.At));
    }

    private static Started EvolveChannel(Started s, ChannelStateChanged e) =>
        e.Channel != ChannelKind.WhatsApp ? s : s with { WhatsAppChannel = new ChannelHealth(e.State, e.Address, e.Reason, e.ErrorCode, e.At) };

    private static Started RememberChannelId(Started s, DeliveryStatusChanged d) =>
        d.ChannelMessageId is not { } wamid ? s
            : s with { ChannelMessageNumbers = (s.ChannelMessageNumbers ?? BoundedMap<string, long>.Empty(ChannelMessageIdMemory)).Set(wamid, d.MessageNumber) };

    private static DateTimeOffset? LatestContactTime(Started s, MessageReceived m) =>
        m.Channel != ChannelKind.WhatsApp ? s.LastContactSentAt
        : s.LastContactSentAt is { } seen && seen >= m.SentAt ? seen : m.SentAt;
}

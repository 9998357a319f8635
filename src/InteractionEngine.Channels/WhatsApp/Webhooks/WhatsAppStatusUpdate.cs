using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>
/// A status webhook in domain terms. The engine finds the message number from <see cref="Correlation"/> when the
/// send carried one, otherwise from its wamid → message number map; then <see cref="ToCommand"/>.
/// </summary>
public sealed record WhatsAppStatusUpdate(
    string PhoneNumberId,
    string Wamid,
    DeliveryStatus Status,
    DeliveryError? Error,
    DateTimeOffset Timestamp,
    string? RecipientWaId,
    OutboundCorrelation? Correlation)
{
    public RecordDeliveryStatus ToCommand(ConversationId conversationId, long messageNumber, DateTimeOffset at) =>
        new(conversationId, messageNumber, Status, Wamid, Error, at);
}

public static class WhatsAppStatusMapper
{
    /// <summary>Null for statuses the engine does not track (deleted, warning, played…): acknowledge and ignore them.</summary>
    public static WhatsAppStatusUpdate? TryMap(WhatsAppStatus status)
    {
        if (ToDeliveryStatus(status.Status) is not { } mapped) return null;
        // A failed status may list several errors; the first is the cause WhatsApp reports.
        var error = mapped == DeliveryStatus.Failed
            ? status.Errors.FirstOrDefault()?.ToDeliveryError() ?? new DeliveryError(WhatsAppErrorCodes.Unknown, "failed without an error object")
            : null;
        var correlation = OutboundCorrelation.TryParse(status.BizOpaqueCallbackData, out var c) ? c : null;
        return new WhatsAppStatusUpdate(status.PhoneNumberId, status.Wamid, mapped, error, status.Timestamp, status.RecipientId, correlation);
    }

    public static DeliveryStatus? ToDeliveryStatus(string status) => status switch
    {
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "failed" => DeliveryStatus.Failed,
        _ => null,
    };
}

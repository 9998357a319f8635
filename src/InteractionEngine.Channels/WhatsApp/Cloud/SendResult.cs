using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>Per-send choices.</summary>
/// <param name="ReplyToWamid">Quote this message (context.message_id).</param>
/// <param name="Correlation">Sent as biz_opaque_callback_data and echoed in every status webhook of the message.</param>
/// <param name="PhoneNumberId">Send from this business number instead of the configured one.</param>
public sealed record SendOptions(string? ReplyToWamid = null, OutboundCorrelation? Correlation = null, string? PhoneNumberId = null);

/// <summary>What the Cloud API said (or the engine decided) about a send.</summary>
public abstract record SendResult
{
    /// <summary>HTTP requests made; 0 when the send was refused before sending.</summary>
    public int Attempts { get; init; }

    /// <summary>WhatsApp took the message (2xx). It is never sent again; progress arrives as status webhooks.</summary>
    public sealed record Accepted(string Wamid, string? RecipientWaId) : SendResult;

    /// <param name="Retryable">
    /// True only when WhatsApp certainly did not take the message and the cause may pass (throughput, a transient
    /// fault, no connection), so a later resend is safe. Never true for <see cref="SendFailure.OutcomeUnknown"/>.
    /// </param>
    public sealed record Failed(SendFailure Kind, WhatsAppApiError Error, int? HttpStatus, bool Retryable) : SendResult
    {
        /// <summary>What the transcript records (DeliveryStatusChanged Failed).</summary>
        public DeliveryError ToDeliveryError() => new(Error.Code, Error.Title, Error.Details);
    }
}

public enum SendFailure
{
    /// <summary>Breaks a WhatsApp limit; nothing was sent.</summary>
    RefusedBeforeSend,
    /// <summary>The Cloud API answered with an error: the message was not accepted.</summary>
    Rejected,
    /// <summary>No connection could be made on any attempt: nothing reached WhatsApp.</summary>
    Unreachable,
    /// <summary>The request may have reached WhatsApp (timeout after sending, a gateway error without a Graph answer).</summary>
    OutcomeUnknown,
}

/// <summary>A Graph API error envelope {error{message, type, code, error_subcode, error_data{details}, fbtrace_id}}.</summary>
/// <param name="Title">The message without its "(#code) " prefix, e.g. "Recipient phone number not in allowed list".</param>
public sealed record WhatsAppApiError(
    int Code, string Title, string? Details, int? Subcode = null, string? Type = null, string? FbTraceId = null, bool? IsTransient = null);

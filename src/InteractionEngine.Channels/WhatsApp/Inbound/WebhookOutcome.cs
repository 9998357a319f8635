namespace InteractionEngine.Channels.WhatsApp.Inbound;

/// <summary>What became of one webhook delivery; the HTTP endpoint maps each case to its status code.</summary>
public abstract record WebhookOutcome
{
    /// <summary>Every message and status of the batch is durable (or was knowingly skipped).</summary>
    public sealed record Applied(int Messages, int Statuses, int Ignored) : WebhookOutcome;

    /// <summary>X-Hub-Signature-256 is missing or does not match the body.</summary>
    public sealed record InvalidSignature : WebhookOutcome;

    /// <summary>Signed, but not a WhatsApp webhook.</summary>
    public sealed record Malformed(string Error) : WebhookOutcome;

    /// <summary>A command could not be made durable: Meta retries the whole delivery, and the conversations ignore what they already have.</summary>
    public sealed record Unavailable(string? Reason) : WebhookOutcome;
}

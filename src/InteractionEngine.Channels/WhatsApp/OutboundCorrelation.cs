using System.Globalization;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp;

/// <summary>
/// Which engine message a send was for, carried in the Cloud API's <c>biz_opaque_callback_data</c>: WhatsApp
/// echoes it in every status webhook of that message, so a status finds its message number even when the
/// send's answer (and its wamid) was lost. Form: <c>ie1:{tenant}:{contact}:{messageNumber}</c>, or
/// <c>ie1:{tenant}:{contact}:v{validationNumber}</c> for a channel validation (not a message of the transcript); the
/// parts of a conversation id cannot contain ':' (see <see cref="ConversationId.IsValidPart"/>).
/// </summary>
public sealed record OutboundCorrelation(ConversationId ConversationId, long MessageNumber, bool Validation = false)
{
    private const string Version = "ie1";

    /// <summary>The Cloud API accepts at most 512 characters in biz_opaque_callback_data.</summary>
    public const int MaxLength = 512;

    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{Version}:{ConversationId.Tenant}:{ConversationId.Contact}:{(Validation ? "v" : "")}{MessageNumber}");

    public override string ToString() => Format();

    public static bool TryParse(string? value, out OutboundCorrelation correlation)
    {
        correlation = null!;
        if (value is null || value.Length > MaxLength) return false;
        var parts = value.Split(':');
        if (parts is not [Version, var tenant, var contact, var number]) return false;
        var validation = number.StartsWith('v');
        if (validation) number = number[1..];
        if (!ConversationId.IsValidPart(tenant) || !ConversationId.IsValidPart(contact)
            || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var messageNumber) || messageNumber < 1)
            return false;
        correlation = new OutboundCorrelation(new ConversationId(tenant, contact), messageNumber, validation);
        return true;
    }
}

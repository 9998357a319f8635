using InteractionEngine.Channels.Contacts;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Host.Channels;

/// <summary>
/// A contact's WhatsApp channel as an agent sees it: the recorded state (Requested, Connected, Warning, Disconnected) or,
/// for a contact who only wrote, Connected with reason "the contact wrote"; where they last wrote from and when, and
/// whether the 24-hour customer service window is open (free-form messages allowed) and when it closes.
/// </summary>
/// <param name="Address">The channel address the state concerns (a wa_id, or the number a request went to).</param>
/// <param name="PhoneNumber">That address in E.164 (null when it is not a number).</param>
/// <param name="Reachable">Something can be sent: false on Warning and Disconnected, which refuse every send.</param>
/// <param name="LastWroteFrom">The wa_id the contact's latest WhatsApp message came from (null: never wrote, or before senders were kept).</param>
/// <param name="LastWroteAt">The WhatsApp time of the contact's latest message, which the window counts from.</param>
/// <param name="CustomerServiceWindowClosesAt">24 hours after <paramref name="LastWroteAt"/>; null when the contact never wrote.</param>
public sealed record WhatsAppChannelView(
    string Contact,
    ChannelKind Channel,
    ChannelState State,
    string? Address,
    string? Reason,
    int? ErrorCode,
    DateTimeOffset At,
    string? PhoneNumber,
    bool Reachable,
    string? LastWroteFrom,
    DateTimeOffset? LastWroteAt,
    bool CustomerServiceWindowOpen,
    DateTimeOffset? CustomerServiceWindowClosesAt)
{
    public const string ContactWroteReason = "the contact wrote";

    /// <summary>The view from the recorded state and the contact's summary; null when neither says anything about WhatsApp.</summary>
    public static WhatsAppChannelView? Of(string contact, ContactChannelState? recorded, ContactWhatsApp? wrote, DateTimeOffset now)
    {
        if (recorded is null && wrote is null) return null;
        // No recorded state but a message: WhatsApp delivered it from that number, so the channel works (the domain allows every send).
        var state = recorded?.State ?? ChannelState.Connected;
        var address = recorded?.Address ?? wrote!.From;
        var closesAt = wrote?.LastWroteAt + Conversation.CustomerServiceWindow;
        return new WhatsAppChannelView(
            contact, ChannelKind.WhatsApp, state, address,
            recorded is null ? ContactWroteReason : recorded.Reason,
            recorded?.ErrorCode,
            recorded?.At ?? wrote!.LastWroteAt,
            E164(address),
            state is not (ChannelState.Warning or ChannelState.Disconnected),
            wrote?.From,
            wrote?.LastWroteAt,
            closesAt is { } closes && now < closes,
            closesAt);
    }

    private static string? E164(string? address) =>
        address is null ? null
        : address.StartsWith('+') ? address
        : ContactPhoneNumbers.TryWaIdToE164(address, out var e164) ? e164 : null;
}

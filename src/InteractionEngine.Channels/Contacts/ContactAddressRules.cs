using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;

namespace InteractionEngine.Channels.Contacts;

/// <summary>Which of a directory contact's addresses an agent-started interaction uses.</summary>
public static class ContactAddressRules
{
    /// <summary>Channels that reach a contact on a phone number from the directory.</summary>
    public static bool UsesPhoneNumber(ChannelKind channel) => channel is ChannelKind.WhatsApp or ChannelKind.Sms;

    /// <summary>
    /// The address to record: on a phone channel, one of the contact's numbers (the requested one, written in any format
    /// with its country code, or the first when none is requested); on other channels the requested address as given.
    /// Null with a <paramref name="problem"/> a person can act on when the number is not the contact's or there is none.
    /// </summary>
    public static string? Choose(ContactProfile profile, ChannelKind channel, string? requested, out string? problem)
    {
        problem = null;
        if (!UsesPhoneNumber(channel)) return string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        var numbers = profile.PhoneNumbers.Select(p => p.Number).ToList();
        if (string.IsNullOrWhiteSpace(requested))
        {
            if (numbers.Count > 0) return numbers[0];
            problem = $"contact {profile.Contact} has no phone number: add one in the directory";
            return null;
        }
        // A wa_id (digits only) is a number with its country code; other forms must carry the + themselves.
        var text = requested.Trim();
        var international = text.All(c => char.IsAsciiDigit(c)) ? "+" + text : text;
        if (!ContactPhoneNumbers.TryNormalizeE164(international, null, out var e164, out var error))
        {
            problem = $"address {error}";
            return null;
        }
        if (numbers.Contains(e164)) return e164;
        problem = numbers.Count == 0
            ? $"contact {profile.Contact} has no phone number: add one in the directory"
            : $"{e164} is not one of contact {profile.Contact}'s numbers ({string.Join(", ", numbers)})";
        return null;
    }
}

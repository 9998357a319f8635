using LibPhoneNumber = global::PhoneNumbers;

namespace InteractionEngine.Channels.Contacts;

/// <summary>
/// Contact phone numbers in E.164 (+ country code, national number), validated with Google's libphonenumber
/// metadata rather than a pattern, and the WhatsApp form of the same number (the wa_id: digits, no plus).
/// Not named PhoneNumbers: libphonenumber's namespace of that name would hide the class in every consumer.
/// </summary>
public static class ContactPhoneNumbers
{
    private static readonly LibPhoneNumber.PhoneNumberUtil Util = LibPhoneNumber.PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Normalises <paramref name="input"/> to E.164. Without a leading + (or the region's international prefix)
    /// the number is read as a national number of <paramref name="defaultRegion"/> (ISO 3166 alpha-2, e.g. "PT").
    /// </summary>
    public static bool TryNormalizeE164(string? input, string? defaultRegion, out string e164, out string? error)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input)) { error = "a phone number is required"; return false; }
        if (input.Length > 64) { error = "a phone number is at most 64 characters"; return false; }
        var region = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();
        if (region is not null && !Util.GetSupportedRegions().Contains(region))
        {
            error = $"'{defaultRegion}' is not a region code (ISO 3166 alpha-2, e.g. PT)";
            return false;
        }
        LibPhoneNumber.PhoneNumber number;
        try
        {
            number = Util.Parse(input, region ?? "ZZ"); // ZZ: unknown region, so only international numbers parse
        }
        catch (LibPhoneNumber.NumberParseException e)
        {
            error = e.ErrorType == LibPhoneNumber.ErrorType.INVALID_COUNTRY_CODE && region is null
                ? $"'{input}' has no country code: write it with + and the country code, or give a default region"
                : $"'{input}' is not a phone number ({e.ErrorType})";
            return false;
        }
        if (!Util.IsValidNumber(number))
        {
            error = $"'{input}' is not a valid number for its country";
            return false;
        }
        e164 = Util.Format(number, LibPhoneNumber.PhoneNumberFormat.E164);
        error = null;
        return true;
    }

    /// <summary>The E.164 form of a WhatsApp id. A wa_id is the number WhatsApp registered, not necessarily the one dialled.</summary>
    public static bool TryWaIdToE164(string? waId, out string e164)
    {
        e164 = "";
        if (string.IsNullOrEmpty(waId) || waId.Length is < 7 or > 15 || !waId.All(char.IsAsciiDigit)) return false;
        e164 = "+" + waId;
        return true;
    }

    /// <summary>The digits the Cloud API expects in <c>to</c> and reports as <c>wa_id</c>.</summary>
    public static string E164ToWaId(string e164) =>
        e164.StartsWith('+') && e164.Length > 1 && e164.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0
            ? e164[1..]
            : throw new FormatException($"'{e164}' is not in E.164 form");
}

using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>What keyword search indexes for a line: the words a person would remember it by.</summary>
internal static class SearchTexts
{
    public static string? Of(string? text, IReadOnlyList<Attachment> attachments, ButtonReply? reply, NotificationContent? notification,
        SharedContent? shared = null)
    {
        var parts = new List<string?> { text, reply?.Text, notification?.Body };
        if (notification is not null)
        {
            parts.AddRange(notification.Buttons.Select(b => b.Text));
            parts.Add(notification.HeaderImage?.Caption);
        }
        foreach (var a in attachments)
        {
            parts.Add(a.Caption);
            parts.Add(a.FileName);
        }
        parts.AddRange(Shared(shared));
        var joined = string.Join('\n', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>
    /// A shared card's name, organization, phones (as written, "+351 912 345 678", found by its groups; as digits,
    /// "351912345678", found whole; and the WhatsApp number when it differs) and emails; a location's name and address.
    /// Coordinates and urls are not words anyone searches.
    /// </summary>
    private static IEnumerable<string?> Shared(SharedContent? shared)
    {
        foreach (var card in shared?.Contacts ?? [])
        {
            yield return card.Name;
            yield return card.Organization;
            foreach (var phone in card.Phones)
            {
                yield return phone.Phone;
                var digits = Digits(phone.Phone);
                if (digits != phone.Phone) yield return digits;
                if (phone.WaId is { } waId && waId != digits) yield return waId;
            }
            foreach (var email in card.Emails) yield return email;
        }
        yield return shared?.Location?.Name;
        yield return shared?.Location?.Address;
    }

    private static string Digits(string phone) => string.Concat(phone.Where(char.IsAsciiDigit));
}

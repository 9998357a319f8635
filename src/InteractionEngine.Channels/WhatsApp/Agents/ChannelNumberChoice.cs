using InteractionEngine.Channels.Contacts;

namespace InteractionEngine.Channels.WhatsApp.Agents;

/// <summary>
/// Which of a contact's numbers a channel action (Connect, Validate) targets: the one the agent chose, by E.164 (any
/// spacing, or the wa_id's digits) or by its index in the contact's list; a number that is not the contact's is refused.
/// </summary>
public static class ChannelNumberChoice
{
    public const string NumberField = "phoneNumber", IndexField = "phoneNumberIndex";

    /// <param name="numbers">The contact's numbers in E.164, in directory order.</param>
    /// <returns>The chosen wa_id (digits, no plus), or the problem naming the field to fix.</returns>
    public static (string? Address, CompositionProblem? Problem) Choose(string contact, IReadOnlyList<string> numbers, string? phoneNumber, int? index)
    {
        if (phoneNumber is null && index is null)
            return Refuse($"choose one of contact {contact}'s numbers by {NumberField} or {IndexField}", NumberField, numbers);
        if (phoneNumber is not null && index is not null)
            return Refuse($"give {NumberField} or {IndexField}, not both", NumberField, numbers);
        if (index is { } i)
            return i >= 0 && i < numbers.Count
                ? (numbers[i][1..], null)
                : Refuse(numbers.Count == 0
                    ? $"contact {contact} has no phone number: add one in the directory"
                    : $"{IndexField} {i} is not one of contact {contact}'s numbers (0–{numbers.Count - 1})", IndexField, numbers);
        if (!ContactPhoneNumbers.TryNormalizeE164(phoneNumber, null, out var e164, out var error)
            && !ContactPhoneNumbers.TryNormalizeE164("+" + phoneNumber!.Trim(), null, out e164, out _)) // the wa_id form: digits without the plus
            return Refuse(error!, NumberField, numbers);
        return numbers.Contains(e164)
            ? (e164[1..], null)
            : Refuse($"{e164} is not one of contact {contact}'s numbers" + (numbers.Count == 0 ? " (it has none)" : $" ({string.Join(", ", numbers)})"), NumberField, numbers);
    }

    private static (string?, CompositionProblem) Refuse(string detail, string field, IReadOnlyList<string> numbers) =>
        (null, new CompositionProblem(detail, field, PhoneNumbers: numbers));
}

using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Channels.WhatsApp.Contacts;

/// <summary>
/// Which conversation a WhatsApp number belongs to, and which number a conversation sends to. A directory contact
/// (<see cref="ContactProfile"/>) with the number in E.164 wins; otherwise the contact id is the number itself ("+351…").
/// </summary>
public sealed class WhatsAppContacts(ContactDirectory directory, ILogger<WhatsAppContacts> log)
{
    public async Task<ConversationId> ConversationForAsync(string tenant, string waId, CancellationToken ct)
    {
        try
        {
            if (await directory.ContactWithNumberAsync(tenant, "+" + waId, ct) is { } known) return new ConversationId(tenant, known);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Directory look-up of a WhatsApp number failed; using the number as the contact id");
        }
        return WhatsAppInboundMapper.ByE164(tenant, waId);
    }

    /// <summary>The wa_id (digits with country code) to send to, or null when the contact has no number.</summary>
    public async Task<string?> RecipientForAsync(ConversationId conversation, CancellationToken ct)
    {
        if (Digits(conversation.Contact) is { } own) return own;
        var profile = await directory.FindAsync(conversation, ct);
        return profile?.PhoneNumbers.Select(p => Digits(p.Number)).FirstOrDefault(n => n is not null);
    }

    /// <summary>
    /// The numbers an agent may choose from (E.164): the directory entry's, in its order; for a contact known only by
    /// its number (a "+…" id without directory numbers), that number.
    /// </summary>
    public async Task<IReadOnlyList<string>> NumbersOfAsync(ConversationId conversation, CancellationToken ct)
    {
        var profile = await directory.FindAsync(conversation, ct);
        if (profile is { PhoneNumbers.Count: > 0 }) return profile.PhoneNumbers.Select(p => p.Number).ToList();
        return Digits(conversation.Contact) is not null ? [conversation.Contact] : [];
    }

    public Task<ContactProfile?> ProfileAsync(ConversationId conversation, CancellationToken ct) => directory.FindAsync(conversation, ct);

    private static string? Digits(string value) =>
        value.Length > 1 && value[0] == '+' && value.Skip(1).All(char.IsAsciiDigit) ? value[1..] : null;
}

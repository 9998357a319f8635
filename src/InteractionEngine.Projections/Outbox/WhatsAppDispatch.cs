using InteractionEngine.Domain.Conversations;
using Marten.Schema;

namespace InteractionEngine.Projections.Outbox;

/// <summary>
/// One outbound send's dispatch, keyed "tenant:contact:messageNumber" (a channel validation: "tenant:contact:v{n}").
/// Written (Insert: one writer wins) before the Cloud API is called; <see cref="Outcome"/> before the outcome is recorded;
/// <see cref="FinishedAt"/> after. A record without an outcome after a restart is a send whose outcome is unknown: it is
/// never resent. <see cref="Address"/>: the wa_id the send named itself (a connection request to a chosen number, a
/// validation), so a failure warns that number; null: the contact's number. The alias keeps the table (mt_doc_whatsappdispatch) of databases written before the type moved; registered with every store in StoredDocuments.
/// </summary>
[DocumentAlias("whatsappdispatch")]
public sealed record WhatsAppDispatch(
    string Id, string ConversationId, long MessageNumber, DateTimeOffset StartedAt,
    string? Outcome = null, string? Wamid = null, DeliveryError? Error = null, DateTimeOffset? FinishedAt = null,
    bool Validation = false, string? Address = null)
{
    public static string KeyOf(ConversationId conversation, long number, bool validation) =>
        validation ? $"{conversation.Value}:v{number}" : $"{conversation.Value}:{number}";
}

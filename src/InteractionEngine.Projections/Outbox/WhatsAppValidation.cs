using Marten.Schema;

namespace InteractionEngine.Projections.Outbox;

/// <summary>
/// A validation message sent before validations went through the outbox, keyed by its wamid; read only, so that the
/// status webhooks of checks sent just before an upgrade still set the channel state.
/// </summary>
[DocumentAlias("whatsappvalidation")]
public sealed record WhatsAppValidation(string Id, string ConversationId, string Address, DateTimeOffset SentAt);

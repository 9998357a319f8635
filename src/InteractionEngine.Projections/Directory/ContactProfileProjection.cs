using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Directory;

/// <summary>
/// The directory entry of each conversation that has one, folded with the domain's own <see cref="ContactEntry.Apply"/>,
/// so the document always says what the conversation decides on. Inline: a directory write answers once it is readable.
/// </summary>
public sealed class ContactProfileProjection : ConversationDocumentProjection<ContactProfile>
{
    public const string ProjectionName = "ContactProfile";

    private protected override BulkDocumentUpsert<ContactProfile> Writer => ContactProfileTable.Definition.Writer;

    protected override string? DocumentIdOf(string stream, IConversationEvent e) => e is IDirectoryEvent ? stream : null;

    protected override ContactProfile? Evolve(ContactProfile? snapshot, string id, IConversationEvent e)
    {
        if (e is not IDirectoryEvent d) return null;
        // A document written before directory events (no EnteredAt) is replaced whole by its imported ContactEntered.
        var before = snapshot is { EnteredAt: not null } ? new ContactEntry(snapshot.FirstName, snapshot.LastName, snapshot.PhoneNumbers, snapshot.Emails ?? []) : null;
        if (ContactEntry.Apply(before, d) is not { } entry) return null;
        var conversation = d.ConversationId;
        return new ContactProfile(conversation.Value, conversation.Tenant, conversation.Contact, entry.FirstName, entry.LastName, entry.PhoneNumbers,
            entry.Emails, d is ContactEntered entered ? entered.At : snapshot!.EnteredAt);
    }
}

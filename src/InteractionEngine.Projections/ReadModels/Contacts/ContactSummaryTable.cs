using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The contact list's table: the Communication tab's filters and keyset order, unread totals, workload.</summary>
internal static class ContactSummaryTable
{
    public static readonly ReadModelTable<ContactSummary> Definition = new(s => s.Id,
    [
        DocumentColumn<ContactSummary>.Text(nameof(ContactSummary.Tenant), s => s.Tenant),
        DocumentColumn<ContactSummary>.Timestamp(nameof(ContactSummary.LastActivityAt), s => s.LastActivityAt),
        DocumentColumn<ContactSummary>.Text(nameof(ContactSummary.AgentId), s => s.AgentId),
        DocumentColumn<ContactSummary>.Name(nameof(ContactSummary.Status), s => s.Status),
        DocumentColumn<ContactSummary>.Int32(nameof(ContactSummary.UnreadCount), s => s.UnreadCount),
        DocumentColumn<ContactSummary>.Boolean(nameof(ContactSummary.HasUnread), s => s.HasUnread),
        DocumentColumn<ContactSummary>.Boolean(nameof(ContactSummary.UsesChat), s => s.UsesChat),
        DocumentColumn<ContactSummary>.Boolean(nameof(ContactSummary.UsesOpenMedia), s => s.UsesOpenMedia),
    ], contacts => contacts.AddIndex("tenant", "last_activity_at", "id")); // the contact list's keyset order; totals scan one tenant
}

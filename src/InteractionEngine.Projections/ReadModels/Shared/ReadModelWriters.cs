namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// How the inline projections write their documents, and the columns each duplicates (the schema declares the same
/// list, see Store/ReadModelSchema.cs): what the queries filter and sort on without reading the JSON.
/// </summary>
internal static class ReadModelWriters
{
    public static readonly BulkDocumentUpsert<TranscriptLine> TranscriptLines = new(l => l.Id,
    [
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.ConversationId), l => l.ConversationId),
        DocumentColumn<TranscriptLine>.Int64(nameof(TranscriptLine.Position), l => l.Position),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.Tenant), l => l.Tenant),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.Contact), l => l.Contact),
        DocumentColumn<TranscriptLine>.Timestamp(nameof(TranscriptLine.At), l => l.At),
        DocumentColumn<TranscriptLine>.Name(nameof(TranscriptLine.Media), l => l.Media),
        DocumentColumn<TranscriptLine>.Name(nameof(TranscriptLine.Channel), l => l.Channel),
        DocumentColumn<TranscriptLine>.Text(nameof(TranscriptLine.ChannelMessageId), l => l.ChannelMessageId),
    ]);

    public static readonly BulkDocumentUpsert<TranscriptHead> TranscriptHeads = new(h => h.Id, []);

    public static readonly BulkDocumentUpsert<ContactSummary> ContactSummaries = new(s => s.Id,
    [
        DocumentColumn<ContactSummary>.Text(nameof(ContactSummary.Tenant), s => s.Tenant),
        DocumentColumn<ContactSummary>.Timestamp(nameof(ContactSummary.LastActivityAt), s => s.LastActivityAt),
        DocumentColumn<ContactSummary>.Text(nameof(ContactSummary.AgentId), s => s.AgentId),
        DocumentColumn<ContactSummary>.Name(nameof(ContactSummary.Status), s => s.Status),
        DocumentColumn<ContactSummary>.Int32(nameof(ContactSummary.UnreadCount), s => s.UnreadCount),
        DocumentColumn<ContactSummary>.Boolean(nameof(ContactSummary.HasUnread), s => s.HasUnread),
        DocumentColumn<ContactSummary>.Boolean(nameof(ContactSummary.UsesChat), s => s.UsesChat),
        DocumentColumn<ContactSummary>.Boolean(nameof(ContactSummary.UsesOpenMedia), s => s.UsesOpenMedia),
    ]);

    public static readonly BulkDocumentUpsert<InteractionKpi> InteractionKpis = new(k => k.Id,
    [
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.Tenant), k => k.Tenant),
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.ConversationId), k => k.ConversationId),
        DocumentColumn<InteractionKpi>.NullableTimestamp(nameof(InteractionKpi.DoneAt), k => k.DoneAt),
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.DoneBy), k => k.DoneBy),
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.AgentId), k => k.AgentId),
        DocumentColumn<InteractionKpi>.Name(nameof(InteractionKpi.Status), k => k.Status),
        DocumentColumn<InteractionKpi>.NullableDouble(nameof(InteractionKpi.HandleSeconds), k => k.HandleSeconds),
        DocumentColumn<InteractionKpi>.NullableDouble(nameof(InteractionKpi.FirstResponseSeconds), k => k.FirstResponseSeconds),
        DocumentColumn<InteractionKpi>.NullableDouble(nameof(InteractionKpi.SessionSeconds), k => k.SessionSeconds),
    ]);
}

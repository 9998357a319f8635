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
}

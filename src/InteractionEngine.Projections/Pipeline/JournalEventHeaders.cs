namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Names of the Marten event headers that keep the event's journal coordinates. Every event has the tenant, persistence
/// id and sequence number. The time it was written is <see cref="JournalTimestamp"/> (with the journal
/// <see cref="Ordering"/>) when the event came through the journal query, or <see cref="PersistedAt"/> when its actor
/// published it as soon as it was durable (the ordering is not known to the actor).
/// </summary>
public static class JournalEventHeaders
{
    public const string Tenant = "tenant";
    public const string PersistenceId = "persistence_id";
    public const string SequenceNr = "sequence_nr";
    public const string Ordering = "journal_ordering";
    public const string JournalTimestamp = "journal_timestamp";
    public const string PersistedAt = "persisted_at";
    public const string CorrelationId = "correlation_id";
}

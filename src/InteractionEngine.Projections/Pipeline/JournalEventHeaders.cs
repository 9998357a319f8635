namespace InteractionEngine.Projections.Pipeline;

/// <summary>Names of the Marten event headers that keep the event's journal coordinates.</summary>
public static class JournalEventHeaders
{
    public const string Tenant = "tenant";
    public const string PersistenceId = "persistence_id";
    public const string SequenceNr = "sequence_nr";
    public const string Ordering = "journal_ordering";
    public const string JournalTimestamp = "journal_timestamp";
    public const string CorrelationId = "correlation_id";
}

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// How far the journal has been copied into Marten: the global journal ordering of the last event applied.
/// Stored in the same transaction as those events, so the two can never disagree.
/// </summary>
public sealed record PipelineCheckpoint(string Id, long Ordering)
{
    public const string JournalToMarten = "journal-to-marten";
}

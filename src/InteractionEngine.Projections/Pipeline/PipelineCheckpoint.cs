namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// How far the journal has been copied into Marten: the global journal ordering of the last event applied.
/// Stored in the same transaction as those events, so the two can never disagree. <see cref="Writes"/> counts the
/// times it was stored: each write expects the count it last saw (<see cref="CheckpointGuard"/>).
/// </summary>
public sealed record PipelineCheckpoint(string Id, long Ordering, long Writes = 0)
{
    public const string JournalToMarten = "journal-to-marten";

    public static readonly PipelineCheckpoint None = new(JournalToMarten, 0);

    /// <summary>The checkpoint that follows this one, at <paramref name="ordering"/>.</summary>
    public PipelineCheckpoint Next(long ordering) => this with { Ordering = ordering, Writes = Writes + 1 };
}

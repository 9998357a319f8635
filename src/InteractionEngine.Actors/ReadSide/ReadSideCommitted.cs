namespace InteractionEngine.Actors.ReadSide;

/// <summary>
/// Published on the cluster's distributed pub-sub after the read-side pipeline commits a batch, so every
/// node's real-time relay reads the new changes at once instead of waiting for its next poll.
/// </summary>
public sealed record ReadSideCommitted(long JournalOrdering)
{
    public const string Topic = "read-side-committed";
}

namespace InteractionEngine.Actors.ReadSide;

/// <summary>
/// Published on the cluster's distributed pub-sub every second by the node that runs the read-side pipeline (a
/// singleton), so the other nodes can tell "the pipeline lives elsewhere and follows the journal" from "no pipeline runs".
/// </summary>
public sealed record ReadSidePipelineAlive(long JournalOrdering, string Node)
{
    public const string Topic = "read-side-pipeline-alive";
}

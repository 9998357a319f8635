using Akka.Actor;
using InteractionEngine.Actors.Following;
using Marten;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// The read-side pipeline's actor: a <see cref="JournalFollowerActor"/> running the <see cref="ReadSidePipelineFollower"/>
/// (the journal→Marten feed). Kept under this name for the CLI, the bench and the tests that start one directly.
/// </summary>
public static class ReadSidePipelineActor
{
    public static Props Props(IDocumentStore store, PipelineOptions options, PipelineStatus status, TimeProvider clock, MartenAppender? appender = null) =>
        JournalFollowerActor.Props(new ReadSidePipelineFollower(options, status, clock, appender ?? new MartenAppender(store)));
}

using Akka.Cluster.Hosting;
using Akka.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Projections.Pipeline;

public static class PipelineHostingExtensions
{
    public const string SingletonName = "read-side-pipeline";

    /// <summary>
    /// Runs the journal→Marten pipeline as a cluster singleton: exactly one copy per cluster, moved to another
    /// node if its node leaves. Needs <see cref="IDocumentStore"/>, <see cref="PipelineStatus"/> and
    /// <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddReadSidePipeline(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.WithSingleton<ReadSidePipelineActor>(SingletonName,
            (_, _, resolver) => ReadSidePipelineActor.Props(
                resolver.GetService<IDocumentStore>(), options, resolver.GetService<PipelineStatus>(), resolver.GetService<TimeProvider>()),
            new ClusterSingletonOptions(),
            createProxyToo: false);
}

using Akka.Hosting;
using InteractionEngine.Actors.Following;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Projections.Pipeline;

public static class PipelineHostingExtensions
{
    public const string SingletonName = "read-side-pipeline";

    /// <summary>
    /// Runs the journal→Marten pipeline as a cluster singleton (a <see cref="JournalFollowerActor"/>): exactly one copy
    /// per cluster, moved to another node if its node leaves. Needs <see cref="IDocumentStore"/>, <see cref="PipelineStatus"/>
    /// and <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddReadSidePipeline(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.AddJournalFollower<ReadSidePipelineFollower>(SingletonName, services => new ReadSidePipelineFollower(options,
            services.GetRequiredService<PipelineStatus>(), services.GetRequiredService<TimeProvider>(),
            new MartenAppender(services.GetRequiredService<IDocumentStore>())));

    /// <summary>The pipeline from the service registration: its options ("Pipeline" section, validated at start-up) and its singleton.</summary>
    public static IServiceCollection AddReadSidePipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var options = (configuration.GetSection("Pipeline").Get<PipelineOptions>() ?? new PipelineOptions()).Validate();
        return services.AddSingleton(options)
            .AddSingleton(new ActorSystemContribution(SingletonName, akka => akka.AddReadSidePipeline(options)));
    }
}

using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Remote.Hosting;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Following;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.EmbeddedPostgres;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Host.Akka;

public static class EngineAkkaSetup
{
    public const string SystemName = "interaction-engine";

    /// <summary>The actor system: Serilog logging, remoting and clustering from config, journal on PostgreSQL, conversations.</summary>
    /// <param name="more">Further actors of the system (e.g. channel singletons), composed in Program.cs.</param>
    public static IServiceCollection AddEngineAkka(this IServiceCollection services, IConfiguration configuration, ResolvedDatabase database,
        Action<AkkaConfigurationBuilder>? more = null)
    {
        var settings = configuration.GetSection("Akka").Get<AkkaSettings>() ?? new AkkaSettings();
        var conversations = configuration.GetSection("Conversations").Get<ConversationsOptions>() ?? new ConversationsOptions();
        var pipeline = (configuration.GetSection("Pipeline").Get<PipelineOptions>() ?? new PipelineOptions()).Validate();
        services.AddSingleton(settings).AddSingleton(conversations).AddSingleton(pipeline);
        return services.AddAkka(SystemName, (akka, provider) =>
        {
            akka
            .ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLogger<SerilogLogger>();
            })
            .AddHocon("akka.coordinated-shutdown.exit-clr = off", HoconAddMode.Prepend)
            .WithRemoting(settings.Hostname, settings.Port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = settings.SeedNodes,
                Roles = settings.Roles,
                // A partition keeps the side with most nodes; the minority downs itself rather than run conversations twice.
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .AddStartup((system, _) =>
            {
                if (settings.SeedNodes.Length == 0) Cluster.Get(system).Join(Cluster.Get(system).SelfAddress);
            })
            .AddInteractionSerializer()
            .AddConversationJournal(database.ConnectionString)
            .AddConversations(conversations)
            .AddReadSidePipeline(pipeline)
            // Features' own actors (the WhatsApp dispatcher), registered beside their services.
            .AddContributions(provider);
            more?.Invoke(akka);
        });
    }
}

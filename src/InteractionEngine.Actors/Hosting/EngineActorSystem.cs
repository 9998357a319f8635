using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Remote.Hosting;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Following;
using InteractionEngine.Actors.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Actors.Hosting;

public static class EngineActorSystem
{
    public const string SystemName = "interaction-engine";

    /// <summary>
    /// The actor system: Serilog logging, remoting and clustering from the "Akka" section, the journal on PostgreSQL,
    /// the conversations ("Conversations" section, tenant policies from "Tenants") with their gateway (<c>IConversations</c>), and the actors features
    /// registered beside their services (<see cref="ActorSystemContribution"/>: the read-side pipeline, channel dispatchers).
    /// </summary>
    public static IServiceCollection AddEngineActorSystem(this IServiceCollection services, IConfiguration configuration, string journalConnectionString)
    {
        var settings = (configuration.GetSection("Akka").Get<AkkaSettings>() ?? new AkkaSettings()).Validate();
        var conversations = configuration.GetSection("Conversations").Get<ConversationsOptions>() ?? new ConversationsOptions();
        services.AddSingleton(settings).AddSingleton(conversations).AddSingleton<Domain.Conversations.ITenantPolicies, ConfiguredTenantPolicies>();
        services.AddSingleton<UndecodableEvents>();
        services.AddSingleton<ConversationGateway>().AddSingleton<Domain.Conversations.IConversations>(sp => sp.GetRequiredService<ConversationGateway>());
        return services.AddAkka(SystemName, (akka, provider) => akka
            .ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLogger<SerilogLogger>();
            })
            .AddHocon("akka.coordinated-shutdown.exit-clr = off", HoconAddMode.Prepend)
            .AddHocon(FailoverHocon.From(settings), HoconAddMode.Prepend)
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
            .AddConversationJournal(journalConnectionString)
            .AddConversations(conversations)
            .AddContributions(provider));
    }
}

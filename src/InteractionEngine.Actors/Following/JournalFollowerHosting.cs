using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Actors.Following;

public static class JournalFollowerHosting
{
    /// <summary>
    /// Runs a <see cref="JournalFollower"/> as a cluster singleton named <paramref name="singletonName"/>: one copy per
    /// cluster, moved to another node when its node leaves. <typeparamref name="TKey"/> names it in the actor registry
    /// (one key per follower). <paramref name="create"/> builds the follower from DI each time the singleton starts.
    /// </summary>
    public static AkkaConfigurationBuilder AddJournalFollower<TKey>(this AkkaConfigurationBuilder builder, string singletonName,
        Func<IServiceProvider, JournalFollower> create) =>
        builder.WithSingleton<TKey>(singletonName,
            (_, _, resolver) => JournalFollowerActor.Props(create(new ResolverServices(resolver))),
            new ClusterSingletonOptions(),
            createProxyToo: false);

    /// <summary>
    /// Declares a follower singleton from a feature's service registration, so one extension registers both its
    /// services and its actor: the host applies every <see cref="ActorSystemContribution"/> when it builds the actor system.
    /// </summary>
    public static IServiceCollection AddJournalFollower<TKey>(this IServiceCollection services, string singletonName,
        Func<IServiceProvider, JournalFollower> create) =>
        services.AddSingleton(new ActorSystemContribution(singletonName, akka => akka.AddJournalFollower<TKey>(singletonName, create)));

    /// <summary>Applies the contributions registered in DI (see <see cref="AddJournalFollower{TKey}(IServiceCollection, string, Func{IServiceProvider, JournalFollower})"/>).</summary>
    public static AkkaConfigurationBuilder AddContributions(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        foreach (var contribution in services.GetServices<ActorSystemContribution>()) contribution.Apply(builder);
        return builder;
    }

    private sealed class ResolverServices(Akka.DependencyInjection.IDependencyResolver resolver) : IServiceProvider
    {
        public object? GetService(Type serviceType) => resolver.GetService(serviceType);
    }
}

using Akka.Cluster.Hosting;
using Akka.Hosting;

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

    private sealed class ResolverServices(Akka.DependencyInjection.IDependencyResolver resolver) : IServiceProvider
    {
        public object? GetService(Type serviceType) => resolver.GetService(serviceType);
    }
}

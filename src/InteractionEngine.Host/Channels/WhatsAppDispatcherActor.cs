using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;

namespace InteractionEngine.Host.Channels;

/// <summary>
/// Hosts the <see cref="WhatsAppDispatcher"/> as a cluster singleton: the dispatch loop runs while this actor lives and
/// is cancelled when it stops (the node leaves, the singleton moves), so one node sends at a time. The loop keeps its
/// own offset and unfinished claims in PostgreSQL, so the next node continues where this one stopped.
/// </summary>
public sealed class WhatsAppDispatcherActor : ReceiveActor
{
    private readonly WhatsAppDispatcher _dispatcher;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CancellationTokenSource? _stop;

    public WhatsAppDispatcherActor(WhatsAppDispatcher dispatcher)
    {
        _dispatcher = dispatcher;
        Receive<Ended>(e =>
        {
            if (e.Error is not null) _log.Error(e.Error, "WhatsApp dispatcher loop ended with an error");
        });
    }

    public static Props Props(WhatsAppDispatcher dispatcher) => global::Akka.Actor.Props.Create(() => new WhatsAppDispatcherActor(dispatcher));

    protected override void PreStart()
    {
        _stop = new CancellationTokenSource();
        var self = Self;
        var token = _stop.Token;
        var dispatcher = _dispatcher;
        // The loop is long-running I/O; it reports back only when it ends (disabled, no client, or stopped).
        _ = Task.Run(() => dispatcher.RunAsync(token), CancellationToken.None)
            .ContinueWith(t =>
            {
                if (!token.IsCancellationRequested) self.Tell(new Ended(t.Exception?.GetBaseException())); // stopping: nobody to tell
            }, TaskScheduler.Default);
    }

    protected override void PostStop()
    {
        _log.Info("WhatsApp dispatcher singleton stopping on this node");
        _stop?.Cancel();
        _stop?.Dispose();
    }

    private sealed record Ended(Exception? Error);
}

public static class WhatsAppDispatcherHosting
{
    public const string SingletonName = "whatsapp-dispatcher";

    /// <summary>
    /// Runs the WhatsApp outbound dispatcher once per cluster (a cluster singleton, like the read-side pipeline and the
    /// timer registry). Needs <see cref="WhatsAppDispatcher"/> in DI (<see cref="WhatsAppSetup.AddWhatsAppChannel"/>).
    /// </summary>
    public static AkkaConfigurationBuilder AddWhatsAppDispatcher(this AkkaConfigurationBuilder builder) =>
        builder.WithSingleton<WhatsAppDispatcherActor>(SingletonName,
            (_, _, resolver) => WhatsAppDispatcherActor.Props(resolver.GetService<WhatsAppDispatcher>()),
            new ClusterSingletonOptions(),
            createProxyToo: false);
}

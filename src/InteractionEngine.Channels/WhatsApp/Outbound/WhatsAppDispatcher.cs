using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.WhatsApp.Cloud;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using InteractionEngine.Projections.Outbox;

namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>
/// Follows the journal from its own offset and sends WhatsApp messages, notifications and channel validations through
/// the Cloud API (<see cref="DispatchHandler"/>), with the correlation in biz_opaque_callback_data; the outcome is
/// recorded through the conversation. Runs once per cluster as a <see cref="JournalFollowerActor"/> singleton; the
/// insert-once claim stays the safety net should two copies ever overlap (a hand-over, a partition before it is resolved).
/// Conversations are sent side by side and each conversation's sends in journal order (<see cref="PerConversationBatches"/>);
/// the offset is stored after each batch.
/// </summary>
public sealed class WhatsAppDispatcher(
    IServiceProvider services,
    IDocumentStore store,
    DispatchHandler handler,
    IOptions<WhatsAppDispatcherOptions> options,
    ILogger<WhatsAppDispatcher> log,
    IHostApplicationLifetime? lifetime = null) : JournalFollower
{
    public const string OffsetId = "whatsapp-dispatcher";
    private WhatsAppCloudClient? _client;
    private WhatsAppDispatcherOptions Options => options.Value;

    public override string Name => "WhatsApp dispatcher";
    public override TimeSpan RestartBackoff => Options.RestartBackoff;

    public override async Task<long?> StartAsync(FollowerContext context)
    {
        if (!Options.Enabled)
        {
            log.LogInformation("WhatsApp dispatcher disabled ({Section}:Enabled)", WhatsAppDispatcherOptions.Section);
            return null;
        }
        try
        {
            _client = services.GetRequiredService<WhatsAppCloudClient>();
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            log.LogWarning("WhatsApp sending is off: {Reason}", e.Message);
            return null;
        }
        // Only once every hosted service has started (the read-model and attachment schemas are in place).
        if (lifetime is not null && !await StartedAsync(lifetime, context.Stopping)) return null;
        log.LogInformation("WhatsApp dispatcher started on this node");
        // Their events are behind the offset, so the stream will not bring them back.
        await handler.ResumeUnfinishedAsync(context.Stopping);
        await using var session = store.QuerySession();
        return (await session.LoadAsync<WhatsAppDispatcherOffset>(OffsetId, context.Stopping))?.Ordering ?? 0;
    }

    public override Flow<EventEnvelope, long, NotUsed> Flow(FollowerContext context)
    {
        var client = _client ?? throw new InvalidOperationException("StartAsync first");
        return PerConversationBatches.Flow<OutboundSend>(Options.MaxBatchSize, Options.Parallelism,
                e => OutboundSend.Of(e) is { } send ? (send.ConversationId.Value, send) : null,
                send => handler.HandleAsync(send, client, context.Stopping),
                context.System.Materializer())
            .SelectAsync(1, SaveOffsetAsync);
    }

    /// <summary>
    /// Runs a further copy of the dispatcher (not a singleton) until <paramref name="stop"/> is cancelled: what a
    /// hand-over during a partition could briefly cause, for tests of the claim.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var system = services.GetRequiredService<ActorSystem>();
        var actor = system.ActorOf(JournalFollowerActor.Props(this));
        try { await Task.Delay(Timeout.Infinite, stop); }
        catch (OperationCanceledException) { }
        await actor.GracefulStop(TimeSpan.FromSeconds(10));
    }

    private async Task<long> SaveOffsetAsync(long ordering)
    {
        await using var session = store.LightweightSession();
        session.Store(new WhatsAppDispatcherOffset(OffsetId, ordering));
        await session.SaveChangesAsync();
        return ordering;
    }

    private static async Task<bool> StartedAsync(IHostApplicationLifetime lifetime, CancellationToken stopping)
    {
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stopping.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}

using Akka.Actor;
using Akka.Persistence.Query;
using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.WhatsApp.Cloud;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>
/// Sends WhatsApp messages, notifications and channel validations through the Cloud API (<see cref="DispatchHandler"/>),
/// with the correlation in biz_opaque_callback_data; the outcome is recorded through the conversation. A
/// <see cref="CloudApiFollower{TItem}"/>: once per cluster, each conversation's sends in journal order, the offset stored
/// after each batch; the insert-once claim stays the safety net should two copies ever overlap (a hand-over, a
/// partition before it is resolved).
/// </summary>
public sealed class WhatsAppDispatcher(
    IServiceProvider services,
    IDocumentStore store,
    DispatchHandler handler,
    IOptions<WhatsAppDispatcherOptions> options,
    ILogger<WhatsAppDispatcher> log,
    IHostApplicationLifetime? lifetime = null) : CloudApiFollower<OutboundSend>(services, store, options.Value, log, lifetime)
{
    public const string OffsetId = "whatsapp-dispatcher";

    public override string Name => "WhatsApp dispatcher";
    protected override string Section => WhatsAppDispatcherOptions.Section;
    protected override string OffsetDocumentId => OffsetId;

    /// <summary>Sends whose outcome was not recorded: their events are behind the offset, so the stream will not bring them back.</summary>
    protected override Task StartingAsync(CancellationToken ct) => handler.ResumeUnfinishedAsync(ct);

    protected override (string Conversation, OutboundSend Item)? Select(EventEnvelope envelope) =>
        OutboundSend.Of(envelope) is { } send ? (send.ConversationId.Value, send) : null;

    protected override Task HandleAsync(OutboundSend item, WhatsAppCloudClient client, CancellationToken ct) => handler.HandleAsync(item, client, ct);

    /// <summary>
    /// Runs a further copy of the dispatcher (not a singleton) until <paramref name="stop"/> is cancelled: what a
    /// hand-over during a partition could briefly cause, for tests of the claim.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var system = Services.GetRequiredService<ActorSystem>();
        var actor = system.ActorOf(JournalFollowerActor.Props(this));
        try { await Task.Delay(Timeout.Infinite, stop); }
        catch (OperationCanceledException) { }
        await actor.GracefulStop(TimeSpan.FromSeconds(10));
    }
}

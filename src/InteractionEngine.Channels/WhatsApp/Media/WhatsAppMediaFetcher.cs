using Akka.Persistence.Query;
using InteractionEngine.Channels.WhatsApp.Cloud;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Media;

/// <summary>
/// Fetches the media of contacts' WhatsApp messages after their webhook was acknowledged (<see cref="MediaFetchHandler"/>),
/// as a <see cref="CloudApiFollower{TItem}"/>: once per cluster, each conversation's media in journal order, the offset
/// stored only once every outcome of its batch is recorded, so a crash fetches again what was not recorded (the stored
/// copy's id is derived from the message, so nothing is duplicated).
/// </summary>
public sealed class WhatsAppMediaFetcher(
    IServiceProvider services,
    IDocumentStore store,
    MediaFetchHandler handler,
    IOptions<MediaFetchOptions> options,
    ILogger<WhatsAppMediaFetcher> log,
    IHostApplicationLifetime? lifetime = null) : CloudApiFollower<InboundMedia>(services, store, options.Value, log, lifetime)
{
    public const string OffsetId = "whatsapp-media-fetcher";

    public override string Name => "WhatsApp media fetcher";
    protected override string Section => MediaFetchOptions.Section;
    protected override string OffsetDocumentId => OffsetId;

    protected override (string Conversation, InboundMedia Item)? Select(EventEnvelope envelope) =>
        InboundMedia.Of(envelope) is { } media ? (media.ConversationId.Value, media) : null;

    protected override Task HandleAsync(InboundMedia item, WhatsAppCloudClient client, CancellationToken ct) => handler.HandleAsync(item, client, ct);
}

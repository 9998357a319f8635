using Akka;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Projections.Attachments;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Media;

/// <summary>
/// Follows the journal from its own offset and fetches the media of contacts' WhatsApp messages after their webhook
/// was acknowledged (<see cref="MediaFetchHandler"/>). Runs once per cluster as a <see cref="JournalFollowerActor"/>
/// singleton; conversations are fetched side by side, each one's media in journal order
/// (<see cref="PerConversationBatches"/>). The offset is stored only once every outcome of its batch is recorded, so a
/// crash fetches again what was not recorded (the stored copy's id is derived from the message, so nothing is duplicated).
/// </summary>
public sealed class WhatsAppMediaFetcher(
    IServiceProvider services,
    IDocumentStore store,
    MediaFetchHandler handler,
    IOptions<MediaFetchOptions> options,
    ILogger<WhatsAppMediaFetcher> log,
    IHostApplicationLifetime? lifetime = null) : JournalFollower
{
    public const string OffsetId = "whatsapp-media-fetcher";
    private WhatsAppCloudClient? _client;
    private MediaFetchOptions Options => options.Value;

    public override string Name => "WhatsApp media fetcher";
    public override TimeSpan RestartBackoff => Options.RestartBackoff;

    public override async Task<long?> StartAsync(FollowerContext context)
    {
        if (!Options.Enabled)
        {
            log.LogInformation("WhatsApp media fetcher disabled ({Section}:Enabled)", MediaFetchOptions.Section);
            return null;
        }
        try
        {
            _client = services.GetRequiredService<WhatsAppCloudClient>();
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            log.LogWarning("WhatsApp media fetching is off: {Reason}", e.Message);
            return null;
        }
        // Only once every hosted service has started (the attachment table is in place).
        if (lifetime is not null && !await Started(lifetime, context.Stopping)) return null;
        await using var session = store.QuerySession();
        return (await session.LoadAsync<MediaFetcherOffset>(OffsetId, context.Stopping))?.Ordering ?? 0;
    }

    public override Flow<EventEnvelope, long, NotUsed> Flow(FollowerContext context)
    {
        var client = _client ?? throw new InvalidOperationException("StartAsync first");
        return PerConversationBatches.Flow<InboundMedia>(Options.MaxBatchSize, Options.Parallelism,
                e => InboundMedia.Of(e) is { } media ? (media.ConversationId.Value, media) : null,
                media => handler.HandleAsync(media, client, context.Stopping),
                context.System.Materializer())
            .SelectAsync(1, SaveOffsetAsync);
    }

    private async Task<long> SaveOffsetAsync(long ordering)
    {
        await using var session = store.LightweightSession();
        session.Store(new MediaFetcherOffset(OffsetId, ordering));
        await session.SaveChangesAsync();
        return ordering;
    }

    private static async Task<bool> Started(IHostApplicationLifetime lifetime, CancellationToken stopping)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

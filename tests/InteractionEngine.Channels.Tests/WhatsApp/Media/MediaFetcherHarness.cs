using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Media;
using InteractionEngine.Channels.WhatsApp.Outbound;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Outbox;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.Tests.WhatsApp.Media;

/// <summary>
/// The media fetcher without a host: a real Marten store (attachments and offset), the stub media API, an
/// <see cref="IConversations"/> that records (or, while <see cref="FailRecording"/> is set, fails like a crash);
/// its follower flow is fed from a test source of journal envelopes.
/// </summary>
internal sealed class MediaFetcherHarness : IConversations
{
    public const string Tenant = "acme";
    private long _ordering;

    public MediaFetcherHarness(IDocumentStore store, ActorSystem system, Action<MediaFetchOptions>? configure = null, TimeProvider? clock = null)
    {
        Store = store;
        System = system;
        // The stub's lookup answers urls on media.test (its "CDN"), which the fetcher must be told it may send the token to.
        var options = new MediaFetchOptions { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(5), RetryMaxDelay = TimeSpan.FromMilliseconds(20),
            DownloadHosts = ["media.test"] };
        configure?.Invoke(options);
        var cloud = new WhatsAppCloudClient(new HttpClient(Api), Options.Create(new WhatsAppCloudOptions
        {
            BaseUrl = "http://cloud.test", ApiVersion = "v21.0", PhoneNumberId = "106540352242922", AccessToken = "token",
            AttemptTimeout = TimeSpan.FromSeconds(10),
        }), TimeProvider.System, NullLogger<WhatsAppCloudClient>.Instance);
        var services = new ServiceCollection().AddSingleton(cloud).BuildServiceProvider();
        Attachments = new AttachmentStore(store);
        var handler = new MediaFetchHandler(Attachments, new ConversationRecorder(this, TimeProvider.System, NullLogger<ConversationRecorder>.Instance),
            Options.Create(options), clock ?? TimeProvider.System, NullLogger<MediaFetchHandler>.Instance);
        Fetcher = new WhatsAppMediaFetcher(services, store, handler, Options.Create(options), NullLogger<WhatsAppMediaFetcher>.Instance);
    }

    public IDocumentStore Store { get; }
    public ActorSystem System { get; }
    public StubMediaApi Api { get; } = new();
    public AttachmentStore Attachments { get; }
    public WhatsAppMediaFetcher Fetcher { get; }
    public List<RecordAttachmentFetch> Recorded { get; } = [];
    public bool FailRecording { get; set; }

    public Task<Reply> AskAsync(IConversationCommand command, string? correlationId, CancellationToken ct)
    {
        if (FailRecording) throw new InvalidOperationException("the node crashed before the outcome was recorded");
        lock (Recorded) Recorded.Add((RecordAttachmentFetch)command);
        return Task.FromResult(new Reply(ReplyCode.Accepted));
    }

    public static ConversationId Conversation(string waId) => new(Tenant, "+" + waId);

    /// <summary>
    /// The contact sends <paramref name="content"/> as WhatsApp media <paramref name="mediaId"/>; the webhook's sha256 is
    /// <paramref name="sha256"/> (default: the real one, base64); the engine received it at <paramref name="receivedAt"/> (default: now).
    /// </summary>
    public EventEnvelope Photo(string waId, long number, string mediaId, byte[] content, string? sha256 = null, string type = "image", string mime = "image/jpeg",
        DateTimeOffset? receivedAt = null)
    {
        var at = receivedAt ?? DateTimeOffset.UtcNow;
        Api.Files[mediaId] = new StubMediaApi.Media(mime, content);
        return Envelope(new MessageReceived(Conversation(waId), 1, number, ChannelKind.WhatsApp, $"wamid.{mediaId}", null,
            [new Attachment("whatsapp-media:" + mediaId, mime, 0, type == "document" ? "invoice.pdf" : null, "the box", sha256 ?? StubMediaApi.Sha256Base64(content))],
            at, at, ChannelMessageType: type));
    }

    public EventEnvelope Envelope(IConversationEvent e) => new(Offset.Sequence(++_ordering), $"conversation-{e.ConversationId.Value}", _ordering, e,
        DateTime.UtcNow.Ticks, []);

    /// <summary>Starts the fetcher from its stored offset and runs its flow over <paramref name="envelopes"/>; the offsets it stored.</summary>
    public async Task<IReadOnlyList<long>> RunAsync(params EventEnvelope[] envelopes)
    {
        var context = new FollowerContext(System, ActorRefs.Nobody, CancellationToken.None);
        var from = await Fetcher.StartAsync(context) ?? throw new InvalidOperationException("the fetcher did not start");
        return await Source.From(envelopes.Where(e => e.SequenceNr > from)).Via(Fetcher.Flow(context)).RunWith(Sink.Seq<long>(), System.Materializer());
    }

    public async Task<long?> StoredOffsetAsync()
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<FollowerOffset>(WhatsAppMediaFetcher.OffsetId))?.Ordering;
    }
}

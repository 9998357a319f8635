using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Outbound;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using InteractionEngine.Projections.Outbox;

namespace InteractionEngine.Channels.Tests.WhatsApp.Outbound;

/// <summary>
/// The WhatsApp dispatcher without a host: a real Marten store (claims and offset), the stub Cloud API, a recording
/// <see cref="IConversations"/>; its follower flow is fed from a test source of journal envelopes.
/// </summary>
internal sealed class DispatcherHarness
{
    public const string Tenant = "acme";
    private long _ordering;

    public DispatcherHarness(IDocumentStore store, ActorSystem system, Action<WhatsAppDispatcherOptions>? configure = null,
        Dictionary<string, string>? tenantTemplatesPaths = null)
    {
        Store = store;
        System = system;
        var dispatcherOptions = new WhatsAppDispatcherOptions { Parallelism = 4, UnknownOutcomeGrace = TimeSpan.Zero, RestartBackoff = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(dispatcherOptions);
        var channel = Options.Create(new WhatsAppChannelOptions
        {
            Numbers = [new WhatsAppBusinessNumber { PhoneNumberId = "106540352242922", Tenant = Tenant }],
            TemplatesPath = "whatsapp-templates.json",
            TenantTemplatesPaths = tenantTemplatesPaths ?? [],
        });
        var cloud = new WhatsAppCloudClient(new HttpClient(Api), Options.Create(new WhatsAppCloudOptions
        {
            BaseUrl = "http://cloud.test", ApiVersion = "v21.0", PhoneNumberId = "106540352242922", AccessToken = "token",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(10),
        }), TimeProvider.System, NullLogger<WhatsAppCloudClient>.Instance);
        var services = new ServiceCollection().AddSingleton(cloud).AddSingleton(system).BuildServiceProvider();
        var contacts = new WhatsAppContacts(new ContactDirectory(store), NullLogger<WhatsAppContacts>.Instance);
        var sender = new CloudSender(contacts, new TemplateCatalogProvider(channel, NullLogger<TemplateCatalogProvider>.Instance), new AttachmentStore(store), channel);
        var handler = new DispatchHandler(store, sender, new ConversationRecorder(Conversations, TimeProvider.System, NullLogger<ConversationRecorder>.Instance),
            contacts, Options.Create(dispatcherOptions), channel, TimeProvider.System, NullLogger<DispatchHandler>.Instance);
        Dispatcher = new WhatsAppDispatcher(services, store, handler, Options.Create(dispatcherOptions), NullLogger<WhatsAppDispatcher>.Instance);
    }

    public IDocumentStore Store { get; }
    public ActorSystem System { get; }
    public StubCloudApi Api { get; } = new();
    public RecordingConversations Conversations { get; } = new();
    public WhatsAppDispatcher Dispatcher { get; }

    public static ConversationId Conversation(string waId) => new(Tenant, "+" + waId);

    public EventEnvelope Message(string waId, long number, string? text = null) => Envelope(new MessageSent(Conversation(waId), 1, number,
        ChannelKind.WhatsApp, "agent-1", $"c{number}", text ?? $"m{number}", [], DateTimeOffset.UtcNow));

    public EventEnvelope Envelope(IConversationEvent e) => new(Offset.Sequence(++_ordering), $"conversation-{e.ConversationId.Value}", _ordering, e,
        DateTime.UtcNow.Ticks, []);

    /// <summary>Starts the dispatcher (unfinished claims resumed) and runs its flow over <paramref name="envelopes"/>; the offsets it stored.</summary>
    public async Task<IReadOnlyList<long>> RunAsync(params EventEnvelope[] envelopes)
    {
        var context = new FollowerContext(System, ActorRefs.Nobody, CancellationToken.None);
        await Dispatcher.StartAsync(context);
        return await Source.From(envelopes).Via(Dispatcher.Flow(context)).RunWith(Sink.Seq<long>(), System.Materializer());
    }

    public async Task<WhatsAppDispatch?> ClaimAsync(string id)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<WhatsAppDispatch>(id);
    }

    public async Task<long?> StoredOffsetAsync()
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<FollowerOffset>(WhatsAppDispatcher.OffsetId))?.Ordering;
    }
}

using BenchmarkDotNet.Attributes;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using JasperFx.Events;
using Marten;

namespace InteractionEngine.Benchmarks;

/// <summary>
/// The in-memory part of applying one inbound message to the read models: the contact summary (unread count) fold,
/// and serializing the documents Marten stores for it (no database: the store is never connected).
/// </summary>
public class ProjectionBenchmarks
{
    private readonly ContactSummaryProjection _projection = new();
    private DocumentStore _store = null!;
    private ContactSummary _summary = null!;
    private IEvent _received = null!;
    private TranscriptLine _line = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = ReadModelStore.Create("Host=127.0.0.1;Port=1;Database=never_connected");
        var history = Samples.History(500);
        ContactSummary? summary = null;
        foreach (var e in history) summary = _projection.Evolve(summary, Samples.Id.Value, Wrap(e));
        _summary = summary!;
        _received = Wrap(Samples.Received(501));
        _line = new TranscriptLine
        {
            Id = TranscriptLineIds.Message(Samples.Id.Value, 501), Tenant = Samples.Id.Tenant, Contact = Samples.Id.Contact,
            ConversationId = Samples.Id.Value, Position = 502, Interaction = 1, Kind = TranscriptLineKind.Message, Channel = ChannelKind.WhatsApp,
            Media = MediaType.Chat, Direction = MessageDirection.Inbound, Author = new Author(Party.Contact, Samples.Id.Contact), At = Samples.At,
            MessageNumber = 501, ChannelMessageId = "wamid.501", Text = Samples.Text, SentAt = Samples.At, SearchText = Samples.Text,
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public ContactSummary? ContactSummaryApplyReceived() => _projection.Evolve(_summary, Samples.Id.Value, _received);

    [Benchmark]
    public string ContactSummaryToJson() => _store.Options.Serializer().ToJson(_summary);

    [Benchmark]
    public string TranscriptLineToJson() => _store.Options.Serializer().ToJson(_line);

    private static IEvent Wrap(IConversationEvent e) => e switch
    {
        InteractionOpened o => new Event<InteractionOpened>(o),
        MessageReceived m => new Event<MessageReceived>(m),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };
}

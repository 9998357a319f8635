using System.Reflection;
using BenchmarkDotNet.Attributes;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using Marten;

namespace InteractionEngine.Benchmarks;

/// <summary>
/// The in-memory part of applying one inbound message to the read models: the contact summary (unread count) fold,
/// and serializing the documents Marten stores for it (no database: the store is never connected).
/// </summary>
public class ProjectionBenchmarks
{
    private Func<ContactSummary?, string, IConversationEvent, ContactSummary> _evolve = null!;
    private DocumentStore _store = null!;
    private ContactSummary _summary = null!;
    private MessageReceived _received = null!;
    private TranscriptLine _line = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The fold is the projection's own (protected) Evolve; bound once, so the benchmark follows the projection's code.
        var evolve = typeof(ContactSummaryProjection).GetMethod("Evolve", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
                         [typeof(ContactSummary), typeof(string), typeof(IConversationEvent)])
                     ?? throw new InvalidOperationException("ContactSummaryProjection.Evolve(ContactSummary?, string, IConversationEvent) not found");
        _evolve = evolve.CreateDelegate<Func<ContactSummary?, string, IConversationEvent, ContactSummary>>(new ContactSummaryProjection());
        _store = ReadModelStore.Create("Host=127.0.0.1;Port=1;Database=never_connected");
        ContactSummary? summary = null;
        foreach (var e in Samples.History(500)) summary = _evolve(summary, Samples.Id.Value, e);
        _summary = summary!;
        _received = Samples.Received(501);
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
    public ContactSummary ContactSummaryApplyReceived() => _evolve(_summary, Samples.Id.Value, _received);

    [Benchmark]
    public string ContactSummaryToJson() => _store.Options.Serializer().ToJson(_summary);

    [Benchmark]
    public string TranscriptLineToJson() => _store.Options.Serializer().ToJson(_line);
}

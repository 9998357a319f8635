using System.Diagnostics;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace InteractionEngine.Projections.Tests.Pipeline;

/// <summary>
/// The read side follows the journal with EventsByTag; its read rate must not fall as the journal grows
/// (in tag-table mode each page scanned the whole tags table; see docs/decisions/0001).
/// </summary>
public class JournalReadRateSpecs(ITestOutputHelper output)
{
    private const int SeededEvents = 120_000;
    private const int Sample = 20_000;

    [Fact]
    public async Task Reading_by_tag_is_as_fast_at_the_end_of_a_large_journal_as_at_its_start()
    {
        var database = await TestPostgres.CreateDatabaseAsync("readrate");
        await using var node = await EngineNode.StartAsync(database);
        var now = DateTimeOffset.UtcNow;
        await node.AskAsync(new ReceiveMessage(new ConversationId("acme", "first"), ChannelKind.WhatsApp, "w0", "creates the tables", [], now, now));
        await SeedAsync(database);

        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var materializer = node.System.Materializer();
        async Task<double> RatePerSecond(long fromOrdering)
        {
            var watch = Stopwatch.StartNew();
            var read = await journal.CurrentEventsByTag(ConversationTagger.Tag, Offset.Sequence(fromOrdering))
                .Take(Sample).RunWith(Sink.Aggregate<EventEnvelope, int>(0, (n, _) => n + 1), materializer);
            Assert.Equal(Sample, read);
            return read / watch.Elapsed.TotalSeconds;
        }

        await RatePerSecond(SeededEvents - Sample); // warm-up: JIT, pool, plans, and the journal-sequence actor has seen every ordering
        var early = await RatePerSecond(0);
        var late = await RatePerSecond(SeededEvents - Sample);
        output.WriteLine($"journal of {SeededEvents:N0} events: {early:N0} events/s at the start, {late:N0} events/s at the end");

        Assert.True(late >= early * 0.5, $"reading slowed down as the journal grew: {early:N0}/s at the start, {late:N0}/s at the end");
    }

    private static async Task SeedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Ten messages per conversation, JSON exactly as the serializer writes it, tagged like the tagger does.
        await using var seed = new NpgsqlCommand($$"""
            insert into journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
            select {{DateTime.UtcNow.Ticks}} + g, false, 'conversation-acme:seed-' || (g / 10), (g % 10) + 1,
                   convert_to(format('{"conversationId":"acme:seed-%s","interaction":1,"messageNumber":%s,"channel":"WhatsApp","channelMessageId":"w%s","text":"seeded %s","attachments":[],"sentAt":"2026-11-25T09:00:00+00:00","at":"2026-11-25T09:00:00+00:00"}',
                                     g / 10, (g % 10) + 1, g, g), 'UTF8'),
                   ';{{ConversationTagger.Tag}};', 'MessageReceived/1', {{Actors.Serialization.InteractionSerializer.SerializerId}}, 'seed'
            from generate_series(0, {{SeededEvents - 1}}) g
            """, connection);
        seed.CommandTimeout = 300;
        await seed.ExecuteNonQueryAsync();
    }
}

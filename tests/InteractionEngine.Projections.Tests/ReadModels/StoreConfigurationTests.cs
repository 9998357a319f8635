using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

public sealed class StoreConfigurationTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    [Fact]
    public async Task Events_are_stored_under_their_journal_manifests_in_the_engine_json_shape()
    {
        await using var session = fixture.Store.QuerySession();
        var command = new NpgsqlCommand(
            "select type, data::text from read_model.mt_events where stream_id = 'acme:ana' order by version limit 2");
        await using var reader = await session.ExecuteReaderAsync(command, default);
        Assert.True(await reader.ReadAsync());
        Assert.Equal("InteractionOpened/1", reader.GetString(0));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("MessageReceived/1", reader.GetString(0));
        var json = reader.GetString(1);
        Assert.Contains("\"conversationId\": \"acme:ana\"", json);
        Assert.Contains("\"channel\": \"WhatsApp\"", json);
        Assert.Contains("🎉", json); // emoji stored as is, not \\u escapes
    }

    [Fact]
    public async Task Journal_coordinates_kept_as_headers_come_back_with_the_event()
    {
        var id = new ConversationId("acme", "headers");
        await using (var session = fixture.Store.LightweightSession())
        {
            var e = new Event<InteractionOpened>(new InteractionOpened(id, 1, ChannelKind.WebChat, InteractionOrigin.Inbound, ContactCenterScenario.Start));
            e.SetHeader("persistence_id", "conversation-acme:headers");
            e.SetHeader("sequence_nr", 1L);
            session.Events.Append(id.Value, e);
            await session.SaveChangesAsync();
        }
        await using var query = fixture.Store.QuerySession();
        var stored = Assert.Single(await query.Events.FetchStreamAsync(id.Value));
        Assert.Equal("conversation-acme:headers", stored.GetHeader("persistence_id")?.ToString());
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public void Projections_run_where_the_docs_say()
    {
        Assert.Equal(
            [("Transcript", ProjectionLifecycle.Inline), ("ContactSummary", ProjectionLifecycle.Inline), ("InteractionKpi", ProjectionLifecycle.Async),
             ("ContactProfile", ProjectionLifecycle.Inline), ("AgentStatus", ProjectionLifecycle.Inline), ("QueueEntry", ProjectionLifecycle.Inline)],
            ReadModelProjections.All.Select(p => (p.Name, p.Lifecycle)));
        var options = ((IDocumentStore)fixture.Store).Options;
        Assert.Equal("read_model", options.DatabaseSchemaName);
        Assert.Equal(StreamIdentity.AsString, options.Events.StreamIdentity);
        Assert.Equal("read_model", options.FindOrResolveDocumentType(typeof(TranscriptLine)).TableName.Schema);
    }

    [Fact]
    public async Task Startup_creates_every_read_model_table_before_the_first_append()
    {
        await using var store = ReadModelStore.Create(fixture.ConnectionString, "fresh_schema");
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var session = store.QuerySession();
        await using var reader = await session.ExecuteReaderAsync(new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'fresh_schema' and table_name like 'mt_doc_%' order by 1"), default);
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Superset(new HashSet<string> { "mt_doc_contactsummary", "mt_doc_interactionkpi", "mt_doc_transcripthead", "mt_doc_transcriptline" },
            tables.ToHashSet());
    }
}

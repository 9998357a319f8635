using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;
using Marten.Events;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// Contact media on the transcript line: each channel-held attachment shows pending, then stored (the line's attachment
/// becomes the engine's copy) or failed with its reason, whether the outcome lands in the message's batch or a later
/// one; shared cards and locations are on the line and found by search; a rebuild gives the same lines.
/// </summary>
public sealed class ContactMediaTranscriptTests : IAsyncLifetime
{
    private static readonly ConversationId Id = new("acme", "dora");
    private static readonly Attachment Photo = new("whatsapp-media:1001", "image/jpeg", 0, null, "a caixa danificada", "q83vEjRWeJA=");
    private static readonly Attachment Pdf = new("whatsapp-media:1002", "application/pdf", 0, "fatura.pdf", null, "AAAA");
    private static readonly Attachment Copy = new("attachment:" + Guid.Parse("7d0c4f55-2a0e-5b5e-8f5a-3c2b1a090807"), "image/jpeg", 4096, null, "a caixa danificada",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static readonly SharedContent Card = new([new SharedContact("Rita Sousa", [new SharedPhone("+351 912 345 678", "351912345678")], [])]);

    private string _connectionString = "";
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("contactmedia");
        _store = ReadModelStore.Create(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    private static ConversationScript Script(out int messagesEnd)
    {
        var script = new ConversationScript(Id, ContactCenterScenario.Start);
        script.Do(new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.d1", null, [Photo, Pdf], script.Now, script.Now, ChannelMessageType: "image"));
        script.Seconds(1).Do(new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.d2", null, [], script.Now, script.Now, ChannelMessageType: "contacts", Shared: Card));
        messagesEnd = script.Events.Count;
        script.Seconds(2).Do(new RecordAttachmentFetch(Id, 1, 1, Pdf.Reference, null, "the media download failed (HTTP 500)", 1, true, script.Now));
        script.Seconds(2).Do(new RecordAttachmentFetch(Id, 1, 0, Photo.Reference, Copy, null, 1, false, script.Now));
        script.Seconds(4).Do(new RecordAttachmentFetch(Id, 1, 1, Pdf.Reference, null, "the media expired or is unknown (HTTP 400, Graph error 100)", 2, false, script.Now));
        return script;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Each_attachment_shows_its_fetch_status_and_the_stored_copy(bool oneBatch)
    {
        var script = Script(out var messagesEnd);
        if (oneBatch) await EventFeed.AppendAsync(_store, script.Events);
        else
        {
            await EventFeed.AppendAsync(_store, script.Events.Take(messagesEnd));
            var pending = (await Lines()).Single(l => l.MessageNumber == 1);
            Assert.All(pending.AttachmentFetches!, f => Assert.Equal(MediaFetchStatus.Pending, f.Status));
            await EventFeed.AppendAsync(_store, script.Events.Skip(messagesEnd).Take(1));
            var retrying = (await Lines()).Single(l => l.MessageNumber == 1).AttachmentFetches![1];
            Assert.Equal((MediaFetchStatus.Pending, true, 1), (retrying.Status, retrying.Retrying, retrying.Attempts));
            await EventFeed.AppendAsync(_store, script.Events.Skip(messagesEnd + 1));
        }

        var lines = await Lines();
        var photo = lines.Single(l => l.MessageNumber == 1);
        Assert.Equal([Copy, Pdf], photo.Attachments);
        Assert.Collection(photo.AttachmentFetches!,
            stored => Assert.Equal(new AttachmentFetch(0, Photo.Reference, MediaFetchStatus.Stored, null, 1, false, stored.At), stored),
            failed =>
            {
                Assert.Equal((MediaFetchStatus.Failed, false, 2), (failed.Status, failed.Retrying, failed.Attempts));
                Assert.Contains("expired", failed.Reason);
            });
        var card = Assert.Single(lines.Single(l => l.MessageNumber == 2).Shared!.Contacts!);
        Assert.Equal(("Rita Sousa", "351912345678"), (card.Name, Assert.Single(card.Phones).WaId));
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_lines()
    {
        var script = Script(out var messagesEnd);
        await EventFeed.AppendAsync(_store, script.Events.Take(messagesEnd));
        await EventFeed.AppendAsync(_store, script.Events.Skip(messagesEnd));
        var live = await Documents();

        await new ProjectionRebuilder(_store).RebuildAsync(TranscriptProjection.Name);

        Assert.Equal(live, await Documents());
        Assert.Contains(live, d => d.Json.Contains("\"Stored\"") && d.Json.Contains(Copy.Reference));
    }

    [Theory]
    [InlineData("Rita", 1L)]
    [InlineData("chiado", 1L)]
    [InlineData("912 345 678", 1L)]
    [InlineData("351912345678", 1L)]
    [InlineData("351960000001", 1L)]
    [InlineData("rita.sousa@example.pt", 1L)]
    [InlineData("armazem", 2L)]
    [InlineData("\"Rua Augusta\"", 2L)]
    public async Task Shared_cards_and_locations_are_found_by_their_words_and_stay_structured(string query, long messageNumber)
    {
        var id = new ConversationId("acme", "shared-" + Guid.NewGuid().ToString("N")[..8]);
        var card = new SharedContent([new SharedContact("Rita Sousa",
            [new SharedPhone("+351 912 345 678", "351912345678", "CELL"), new SharedPhone("(960) 000 001", "351960000001")],
            ["rita.sousa@example.pt"], "Loja do Chiado")]);
        var place = new SharedContent(Location: new SharedLocation(38.7139, -9.1394, "Armazém Central", "Rua Augusta 100, Lisboa", "https://maps.example/1"));
        var script = new ConversationScript(id, ContactCenterScenario.Start);
        script.Do(new ReceiveMessage(id, ChannelKind.WhatsApp, "wamid.s1", null, [], script.Now, script.Now, ChannelMessageType: "contacts", Shared: card));
        script.Seconds(1).Do(new ReceiveMessage(id, ChannelKind.WhatsApp, "wamid.s2", null, [], script.Now, script.Now, ChannelMessageType: "location", Shared: place));
        await EventFeed.AppendAsync(_store, script.Events);

        var hit = Assert.Single(await new ConversationQueries(_store).SearchContactAsync(id.Tenant, id.Contact, query));
        Assert.Equal(messageNumber, hit.Line.MessageNumber);
        Assert.Contains(hit.Snippet.Parts, p => p.Highlighted);
        // The line keeps the content structured; the search text is only the words.
        Assert.Equal(messageNumber == 1 ? card.Contacts![0].Name : place.Location!.Name,
            messageNumber == 1 ? hit.Line.Shared!.Contacts![0].Name : hit.Line.Shared!.Location!.Name);
        Assert.DoesNotContain("38.7139", hit.Line.SearchText);
    }

    private async Task<IReadOnlyList<TranscriptLine>> Lines() => await TranscriptReading.AllLines(new ConversationQueries(_store), Id.Tenant, Id.Contact);

    private async Task<List<(string Id, string Json)>> Documents()
    {
        var table = ((IDocumentStore)_store).Options.FindOrResolveDocumentType(typeof(TranscriptLine)).TableName.QualifiedName;
        await using var session = _store.QuerySession();
        await using var reader = await session.ExecuteReaderAsync(new NpgsqlCommand($"select id, data::text from {table} order by id"), default);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}

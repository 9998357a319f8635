using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>The WhatsApp profile name is kept from the events, and contacts are shown by directory name, else profile name, else id.</summary>
public sealed class ContactDisplayNameTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    private string _connectionString = "";
    private DocumentStore _store = null!;
    private ConversationQueries _queries = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("displaynames");
        _store = ReadModelStore.Create(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _queries = new ConversationQueries(_store);

        var rita = new ConversationScript(new ConversationId("acme", "+351912345678"), Start);
        rita.Do(new ReceiveMessage(rita.Id, ChannelKind.WhatsApp, "wamid.1", "Olá", [], Start, Start, ProfileName: "Rita G."));
        rita.Seconds(5).Do(new ReceiveMessage(rita.Id, ChannelKind.WhatsApp, "wamid.2", "ainda aqui", [], Start, Start.AddSeconds(5)));
        var bruno = new ConversationScript(new ConversationId("acme", "+351913000111"), Start.AddMinutes(1));
        bruno.Do(new ReceiveMessage(bruno.Id, ChannelKind.WhatsApp, "wamid.3", "Bom dia", [], Start, Start.AddMinutes(1), ProfileName: "bruno_99"));
        // Bruno's directory entry is an event of his conversation; Dina is in the directory only (no interaction, not in the contact list).
        bruno.Seconds(10).Do(new EnterContact(bruno.Id, "Bruno", "Costa", [new ContactPhone("+351913000111", null)], null, "agent-1", bruno.Now));
        var dina = new ConversationScript(new ConversationId("acme", "dina"), Start.AddMinutes(3));
        dina.Do(new EnterContact(dina.Id, "Dina", null, [new ContactPhone("+351913000222", null)], ["dina@example.com"], "agent-1", dina.Now));
        var web = new ConversationScript(new ConversationId("acme", "web-visitor-7"), Start.AddMinutes(2))
            .Receive(ChannelKind.WebChat, "web.1", "hello");
        await EventFeed.AppendInterleavedAsync(_store, [rita, bruno, dina, web]);
    }

    [Fact]
    public async Task The_contact_list_shows_the_directory_name_else_the_profile_name_else_the_id()
    {
        var page = await _queries.ContactsAsync("acme");
        Assert.Equal(
            [("web-visitor-7", "web-visitor-7"), ("+351913000111", "Bruno Costa"), ("+351912345678", "Rita G.")],
            page.Contacts.Select(c => (c.Contact, c.DisplayName!)));
        // A later message without a profile name keeps the one the channel gave before.
        Assert.Equal("Rita G.", page.Contacts.Single(c => c.Contact == "+351912345678").ProfileName);
        Assert.Equal("Bruno Costa", (await _queries.ContactAsync("acme", "+351913000111"))!.DisplayName);
        Assert.Equal("bruno_99", (await _queries.ContactAsync("acme", "+351913000111"))!.ProfileName);
    }

    [Fact]
    public async Task A_directory_entry_is_a_document_of_its_events_and_a_directory_only_stream_has_no_transcript_or_summary()
    {
        var directory = new ContactDirectory(_store);
        var dina = await directory.FindAsync(new ConversationId("acme", "dina"), default);
        Assert.Equal(["dina@example.com"], dina!.Emails!);
        Assert.Equal(Start.AddMinutes(3), dina.EnteredAt);
        Assert.Null(await _queries.ContactAsync("acme", "dina"));
        await using var session = _store.QuerySession();
        Assert.Null(await session.LoadAsync<TranscriptHead>("acme:dina"));
        Assert.Equal(["dina"], (await directory.ListAsync("acme", "DINA@example", 10, null, default)).Contacts.Select(c => c.Contact));
    }

    [Fact]
    public async Task The_profile_name_is_rebuilt_from_the_events_and_the_display_name_is_never_stored()
    {
        await new ProjectionRebuilder(_store).RebuildAsync(ContactSummaryProjection.ProjectionName);
        await using var session = _store.QuerySession();
        var stored = await session.LoadAsync<ContactSummary>("acme:+351912345678");
        Assert.Equal("Rita G.", stored!.ProfileName);
        Assert.Null(stored.DisplayName);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_connectionString.Length > 0) await TestPostgres.DropDatabaseAsync(_connectionString);
    }
}

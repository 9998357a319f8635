using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// ContactSummary.WhatsApp keeps where and when a contact last wrote on WhatsApp (rebuilt identically from the events), and
/// the queries name authors at read time: contacts from the directory or their profile name, agents from the roster.
/// </summary>
public sealed class ContactWhatsAppAndAuthorNameTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConversationId Rita = new("acme", "+351912345678");
    private static readonly ConversationId Bruno = new("acme", "+351913000111");
    private static readonly ConversationId Web = new("acme", "web-visitor-7");
    private string _connectionString = "";
    private DocumentStore _store = null!;
    private ConversationQueries _queries = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("contactwhatsapp");
        _store = ReadModelStore.Create(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _queries = new ConversationQueries(_store, agents: new AgentRoster([("acme", "agent-1", "Ana Costa"), ("globex", "agent-2", "Not acme's")]));

        var rita = new ConversationScript(Rita, Start);
        rita.Do(new ReceiveMessage(Rita, ChannelKind.WhatsApp, "wamid.1", "Olá", [], Start, Start, ProfileName: "Rita G.", From: "351912345678"));
        rita.Route("agent-1").Send("agent-1", "Bom dia Rita");
        // Her latest message (channel time +10 min), then a late redelivery of an older one (channel time +5 min) from another number.
        rita.Do(new ReceiveMessage(Rita, ChannelKind.WhatsApp, "wamid.3", "obrigada", [], Start.AddMinutes(10), Start.AddMinutes(10), From: "351912345678"));
        rita.Do(new ReceiveMessage(Rita, ChannelKind.WhatsApp, "wamid.2", "atrasada", [], Start.AddMinutes(5), Start.AddMinutes(11), From: "351919999999"));
        var bruno = new ConversationScript(Bruno, Start.AddMinutes(1));
        // Recorded before senders were kept: no From.
        bruno.Do(new ReceiveMessage(Bruno, ChannelKind.WhatsApp, "wamid.4", "Bom dia", [], Start.AddMinutes(1), Start.AddMinutes(1), ProfileName: "bruno_99"));
        bruno.Route("agent-2").Send("agent-2", "Olá");
        var web = new ConversationScript(Web, Start.AddMinutes(2)).Receive(ChannelKind.WebChat, "web.1", "hello");
        await EventFeed.AppendInterleavedAsync(_store, [rita, bruno, web]);

        await new ContactDirectory(_store).SaveAsync(
            new ContactProfile(Bruno.Value, "acme", Bruno.Contact, "Bruno", "Costa", [new ContactPhone(Bruno.Contact, null)]), default);
    }

    [Fact]
    public async Task The_summary_keeps_the_latest_whatsapp_sender_and_time_and_a_late_redelivery_moves_neither_back()
    {
        var rita = (await _queries.ContactAsync("acme", Rita.Contact))!;
        Assert.Equal(new ContactWhatsApp("351912345678", "Rita G.", Start.AddMinutes(10)), rita.WhatsApp);
        Assert.Equal("+351912345678", rita.WhatsApp!.PhoneNumber);
        var bruno = (await _queries.ContactAsync("acme", Bruno.Contact))!;
        Assert.Equal(new ContactWhatsApp(null, "bruno_99", Start.AddMinutes(1)), bruno.WhatsApp);
        Assert.Null((await _queries.ContactAsync("acme", Web.Contact))!.WhatsApp);
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_whatsapp_sub_object_and_stores_no_names()
    {
        await using (var before = _store.QuerySession())
        {
            var stored = await before.LoadAsync<ContactSummary>(Rita.Value);
            await new ProjectionRebuilder(_store).RebuildAsync(ContactSummaryProjection.ProjectionName);
            await using var after = _store.QuerySession();
            var rebuilt = await after.LoadAsync<ContactSummary>(Rita.Value);
            Assert.Equal(stored!.WhatsApp, rebuilt!.WhatsApp);
            Assert.Null(rebuilt.AgentName);
            Assert.Null(rebuilt.LastMessage!.Author.Name);
        }
    }

    [Fact]
    public async Task Transcript_lines_name_the_contact_and_the_agent_at_read_time()
    {
        var rita = await TranscriptReading.AllLines(_queries, "acme", Rita.Contact);
        Assert.Contains(rita, l => l.Author is { Party: Party.Contact, Id: "+351912345678", Name: "Rita G." });
        Assert.Contains(rita, l => l.Author is { Party: Party.Agent, Id: "agent-1", Name: "Ana Costa" });
        Assert.All(rita.Where(l => l.Author.Party == Party.System), l => Assert.Null(l.Author.Name));

        // The directory name wins over the profile name; an agent without a roster entry (in this tenant) is named by id.
        var bruno = await TranscriptReading.AllLines(_queries, "acme", Bruno.Contact);
        Assert.Contains(bruno, l => l.Author is { Party: Party.Contact, Name: "Bruno Costa" });
        Assert.Contains(bruno, l => l.Author is { Party: Party.Agent, Id: "agent-2", Name: "agent-2" });

        // A rename in the directory shows on lines written before it: nothing was stored.
        await new ContactDirectory(_store).SaveAsync(
            new ContactProfile(Rita.Value, "acme", Rita.Contact, "Rita", "Gomes", [new ContactPhone(Rita.Contact, null)]), default);
        var renamed = await TranscriptReading.AllLines(_queries, "acme", Rita.Contact);
        Assert.All(renamed.Where(l => l.Author.Party == Party.Contact), l => Assert.Equal("Rita Gomes", l.Author.Name));
    }

    [Fact]
    public async Task Contact_list_rows_name_the_last_author_and_the_current_agent()
    {
        var page = await _queries.ContactsAsync("acme");
        var rita = page.Contacts.Single(c => c.Contact == Rita.Contact);
        Assert.Equal(("agent-1", "Ana Costa"), (rita.AgentId, rita.AgentName));
        Assert.Equal(new Author(Party.Contact, Rita.Contact, "Rita G."), rita.LastMessage!.Author);
        var bruno = page.Contacts.Single(c => c.Contact == Bruno.Contact);
        Assert.Equal(new Author(Party.Agent, "agent-2", "agent-2"), bruno.LastMessage!.Author);
        var web = page.Contacts.Single(c => c.Contact == Web.Contact);
        Assert.Equal((null, "web-visitor-7"), (web.AgentName, web.LastMessage!.Author.Name));
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_connectionString.Length > 0) await TestPostgres.DropDatabaseAsync(_connectionString);
    }
}

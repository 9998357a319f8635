using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels;

public sealed class ContactListTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    private async Task<string[]> Contacts(ContactListRequest request, string tenant = "acme") =>
        (await _queries.ContactsAsync(tenant, request)).Contacts.Select(c => c.Contact).ToArray();

    [Fact]
    public async Task Contacts_come_by_last_activity_with_preview_unread_state_agent_and_channels()
    {
        var page = await _queries.ContactsAsync("acme");
        Assert.Equal(["ana", "chen", "bruno"], page.Contacts.Select(c => c.Contact));
        Assert.Null(page.Next);

        var ana = page.Contacts[0];
        Assert.Equal((2, InteractionStatus.Ended, "carol", ChannelKind.Tweet), (ana.Interaction, ana.Status, ana.AgentId, ana.Channel));
        Assert.Equal([ChannelKind.WhatsApp, ChannelKind.Sms, ChannelKind.Tweet], ana.Channels);
        Assert.True(ana.UsesChat && ana.UsesOpenMedia);
        Assert.Equal(fixture.Scenario.Ana.Now, ana.LastActivityAt);
        Assert.Equal(new MessagePreview(10, MessageDirection.Inbound, new Author(Party.Contact, "ana", "ana"), ChannelKind.Tweet,
            "@acme thanks for the quick help with the fatura", ana.LastMessage!.At, null), ana.LastMessage);
        Assert.Equal(3, ana.UnreadCount);

        var chen = page.Contacts[1];
        Assert.Equal((InteractionStatus.Active, "alice", 0, false), (chen.Status, chen.AgentId, chen.UnreadCount, chen.HasUnread));
        Assert.Equal(("はい、できます。", MessageDirection.Outbound, DeliveryStatus.Pending),
            (chen.LastMessage!.Text, chen.LastMessage.Direction, chen.LastMessage.Delivery!.Value));

        var bruno = page.Contacts[2];
        Assert.Equal((InteractionStatus.Queued, (string?)null, 3), (bruno.Status, bruno.AgentId, bruno.UnreadCount));
    }

    [Fact]
    public async Task Filters_by_media_channel_unread_and_agent()
    {
        Assert.Equal(["ana"], await Contacts(new ContactListRequest(Media: MediaType.OpenMedia)));
        Assert.Equal(["ana", "chen", "bruno"], await Contacts(new ContactListRequest(Media: MediaType.Chat)));
        Assert.Equal(["chen"], await Contacts(new ContactListRequest(Channel: ChannelKind.WebChat)));
        Assert.Equal(["ana"], await Contacts(new ContactListRequest(Channel: ChannelKind.Sms)));
        Assert.Empty(await Contacts(new ContactListRequest(Channel: ChannelKind.FacebookPost)));
        Assert.Equal(["ana", "bruno"], await Contacts(new ContactListRequest(HasUnread: true)));
        Assert.Equal(["chen"], await Contacts(new ContactListRequest(HasUnread: false)));
        Assert.Equal(["chen"], await Contacts(new ContactListRequest(AgentId: "alice")));
        Assert.Equal(["ana"], await Contacts(new ContactListRequest(AgentId: "carol", HasUnread: true, Media: MediaType.OpenMedia)));
    }

    [Fact]
    public async Task Keyset_paging_visits_every_contact_once()
    {
        var seen = new List<string>();
        ContactCursor? cursor = null;
        do
        {
            var page = await _queries.ContactsAsync("acme", new ContactListRequest(PageSize: 1, After: cursor));
            seen.AddRange(page.Contacts.Select(c => c.Contact));
            cursor = page.Next;
        }
        while (cursor is not null);
        Assert.Equal(["ana", "chen", "bruno"], seen);
    }

    [Fact]
    public async Task Unread_totals_per_tenant_and_per_agent_of_the_current_interaction()
    {
        var acme = await _queries.UnreadTotalsAsync("acme");
        Assert.Equal((6, 2), (acme.Messages, acme.Contacts));
        Assert.Equal([new AgentUnread("carol", 3, 1)], acme.Agents); // bruno is queued: in the tenant total, no agent's
        Assert.Equal(new AgentUnread("alice", 0, 0), await _queries.UnreadForAgentAsync("acme", "alice"));

        var globex = await _queries.UnreadTotalsAsync("globex");
        Assert.Equal((1, 1), (globex.Messages, globex.Contacts));
        Assert.Equal([new AgentUnread("gina", 1, 1)], globex.Agents);
    }

    [Fact]
    public async Task Workload_counts_open_interactions_per_agent_and_the_queue()
    {
        var workload = await _queries.WorkloadAsync("acme");
        Assert.Equal(1, workload.Queued);
        Assert.Equal([new AgentWorkload("alice", 1, 1, 0), new AgentWorkload("carol", 1, 0, 1)], workload.Agents);
        Assert.Equal([new AgentWorkload("gina", 1, 1, 0)], (await _queries.WorkloadAsync("globex")).Agents);
    }

    [Fact]
    public async Task Contact_lists_never_cross_tenants()
    {
        Assert.Equal(["ana"], await Contacts(new ContactListRequest(), "globex"));
        Assert.Equal("globex:ana", (await _queries.ContactAsync("globex", "ana"))!.Id);
        Assert.Null(await _queries.ContactAsync("initech", "ana"));
        Assert.Empty(await Contacts(new ContactListRequest(), "initech"));
        await Assert.ThrowsAsync<ArgumentException>(() => _queries.ContactsAsync("acme' or '1'='1"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace InteractionEngine.Host.Tests;

/// <summary>The engine with tenant globex letting an agent's message after Done start the next interaction (acme keeps the default: off).</summary>
public sealed class WriteAfterDoneEngineFactory : EngineFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tenants:globex:WriteAfterDone", "true");
    }
}

/// <summary>
/// Agent desk lifecycle over real HTTP: an agent starts a WhatsApp interaction for a directory contact who never wrote,
/// only the routed agent (or a supervisor) moves the unread badge, and writing after Done follows the tenant's setting.
/// </summary>
public sealed class AgentDeskLifecycleTests(WriteAfterDoneEngineFactory engine) : IClassFixture<WriteAfterDoneEngineFactory>
{
    private static string Contact(string name) => $"{name}-{Guid.NewGuid():N}"[..16];

    private HttpClient Client(string key) => engine.CreateClient().As(key);

    [Fact]
    public async Task An_agent_starts_a_WhatsApp_interaction_for_a_directory_contact_who_never_wrote_and_it_is_routed_to_them()
    {
        var agent1 = Client(TestKeys.AcmeAgent1);
        var contact = Contact("rita");
        var created = await agent1.PostAsJsonAsync("/api/v1/directory/contacts", new
        {
            contact, firstName = "Rita", lastName = "Lopes", defaultRegion = "PT",
            phoneNumbers = new[] { new { number = "912 345 678", label = "mobile" }, new { number = "213 456 789", label = "home" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var started = await Ok(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
            new { channel = "WhatsApp", address = "+351 213 456 789", clientMessageId = "start-1" }));
        Assert.Equal(("accepted", 1), (started.GetProperty("outcome").GetString(), started.GetProperty("interaction").GetInt32()));

        var retried = await Ok(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
            new { channel = "WhatsApp", address = "+351 213 456 789", clientMessageId = "start-1" }));
        Assert.Equal("duplicate", retried.GetProperty("outcome").GetString());

        await engine.ReadSideCaughtUpAsync();
        var summary = await Ok(agent1.GetAsync($"/api/v1/contacts/{contact}/summary"));
        Assert.Equal(("Active", "agent-1"), (summary.GetProperty("status").GetString(), summary.GetProperty("agentId").GetString()));
        var opened = (await Ok(agent1.GetAsync($"/api/v1/contacts/{contact}/transcript?order=OldestFirst"))).GetProperty("lines")[0];
        Assert.Equal("InteractionOpened", opened.GetProperty("kind").GetString());
        Assert.Equal(("Agent", "agent-1"), (opened.GetProperty("author").GetProperty("party").GetString(), opened.GetProperty("author").GetProperty("id").GetString()));
        Assert.Equal("+351213456789", opened.GetProperty("address").GetString());

        // While it is open: the same agent again is harmless, another agent is refused.
        var again = await Ok(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", clientMessageId = "start-2" }));
        Assert.Equal("unchanged", again.GetProperty("outcome").GetString());
        await Problem(Client(TestKeys.AcmeAgent2).PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
            new { channel = "WhatsApp", clientMessageId = "start-3" }), HttpStatusCode.Conflict, "another agent");

        // After Done, starting again opens the next interaction.
        await Ok(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { }));
        var next = await Ok(Client(TestKeys.AcmeAgent2).PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
            new { channel = "WhatsApp", clientMessageId = "start-4" }));
        Assert.Equal(2, next.GetProperty("interaction").GetInt32());
    }

    [Fact]
    public async Task Starting_an_interaction_refuses_unknown_contacts_foreign_numbers_missing_ids_and_other_agents_ids_and_changes_nothing()
    {
        var agent1 = Client(TestKeys.AcmeAgent1);
        var contact = Contact("joao");
        await agent1.PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName = "João", phoneNumbers = new[] { new { number = "+351 912 000 111" } } });

        await Problem(agent1.PostAsJsonAsync($"/api/v1/contacts/{Contact("nobody")}/interactions", new { channel = "WhatsApp", clientMessageId = "s1" }),
            HttpStatusCode.NotFound, "not in this tenant's directory");
        await Problem(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", address = "+351 912 999 999", clientMessageId = "s1" }),
            HttpStatusCode.UnprocessableEntity, "is not one of contact");
        await Problem(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", address = "not a number", clientMessageId = "s1" }),
            HttpStatusCode.UnprocessableEntity, "address");
        await Problem(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp" }),
            HttpStatusCode.UnprocessableEntity, "clientMessageId");
        await Problem(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", agentId = "agent-2", clientMessageId = "s1" }),
            HttpStatusCode.Forbidden, "agent-2");
        await Problem(agent1.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { clientMessageId = "s1" }),
            HttpStatusCode.BadRequest, "channel");
        await Problem(Client(TestKeys.GlobexAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", clientMessageId = "s1" }),
            HttpStatusCode.NotFound, "directory");

        await engine.ReadSideCaughtUpAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await agent1.GetAsync($"/api/v1/contacts/{contact}/summary")).StatusCode);
    }

    [Fact]
    public async Task Agent_2_marking_agent_1s_contact_read_gets_403_and_the_badge_stays_while_agent_1_and_a_supervisor_may()
    {
        var routing = Client(TestKeys.AcmeRouting);
        var contact = Contact("ana");
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WhatsApp", channelMessageId = "w1", text = "Olá" }));
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WhatsApp", agentId = "agent-1", reason = "skill:orders" }));
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WhatsApp", channelMessageId = "w2", text = "A caixa chegou danificada" }));

        await Problem(Client(TestKeys.AcmeAgent2).PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = 2 }),
            HttpStatusCode.Forbidden, "routed to another agent");
        await engine.ReadSideCaughtUpAsync();
        Assert.Equal(2, await Unread(contact));

        // The routing layer acting for the routed agent keeps working.
        await Ok(routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { agentId = "agent-1", upToMessageNumber = 1 }));
        await Ok(Client(TestKeys.AcmeAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = 2 }));
        await Problem(Client(TestKeys.AcmeAgent2).PostAsJsonAsync($"/api/v1/contacts/{contact}/unread", new { }),
            HttpStatusCode.Forbidden, "routed to another agent");
        await engine.ReadSideCaughtUpAsync();
        Assert.Equal(0, await Unread(contact));

        // A supervisor (admin key) may move it, as itself.
        var unread = await Ok(Client(TestKeys.AcmeAdmin).PostAsJsonAsync($"/api/v1/contacts/{contact}/unread", new { }));
        Assert.Equal("accepted", unread.GetProperty("outcome").GetString());
        await engine.ReadSideCaughtUpAsync();
        Assert.Equal(1, await Unread(contact));
    }

    [Fact]
    public async Task Writing_after_Done_is_409_saying_to_reactivate_where_the_tenant_does_not_allow_it_and_starts_the_next_interaction_where_it_does()
    {
        var contact = Contact("bea");
        await Ok(Client(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-1", reason = "test" }));
        var acme = Client(TestKeys.AcmeAgent1);
        await Ok(acme.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { }));
        await Problem(acme.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "after-done", text = "One more thing" }),
            HttpStatusCode.Conflict, "reactivate");

        await Ok(Client(TestKeys.GlobexRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-1", reason = "test" }));
        var globex = Client(TestKeys.GlobexAgent1);
        await Ok(globex.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { }));
        var sent = await Ok(globex.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "after-done", text = "One more thing" }));
        Assert.Equal(("accepted", 2, 1L), (sent.GetProperty("outcome").GetString(), sent.GetProperty("interaction").GetInt32(), sent.GetProperty("messageNumber").GetInt64()));
        var retried = await Ok(globex.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "after-done", text = "One more thing" }));
        Assert.Equal(("duplicate", 2), (retried.GetProperty("outcome").GetString(), retried.GetProperty("interaction").GetInt32()));

        await engine.ReadSideCaughtUpAsync();
        var summary = await Ok(globex.GetAsync($"/api/v1/contacts/{contact}/summary"));
        Assert.Equal((2, "Active"), (summary.GetProperty("interaction").GetInt32(), summary.GetProperty("status").GetString()));
    }

    private async Task<int> Unread(string contact) =>
        (await Ok(Client(TestKeys.AcmeAdmin).GetAsync($"/api/v1/contacts/{contact}/summary"))).GetProperty("unreadCount").GetInt32();

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task Problem(Task<HttpResponseMessage> request, HttpStatusCode status, string detailContains)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, body);
    }
}

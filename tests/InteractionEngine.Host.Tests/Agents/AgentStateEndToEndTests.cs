using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace InteractionEngine.Host.Tests.Agents;

/// <summary>
/// Issue 15, agent state, over real HTTP: an agent goes Ready, takes chats up to capacity, the routing layer sees zero free
/// slots and the queue age grows; an ended chat holds its slot until Done; Not Ready needs a reason from the tenant's list;
/// occupancy per agent shows up in the KPIs; agent and queue changes are pushed over SignalR.
/// </summary>
public sealed class AgentStateEndToEndTests(KestrelEngine engine) : IClassFixture<KestrelEngine>
{
    private readonly HttpClient _agent = engine.Client(TestKeys.AcmeAgent1);
    private readonly HttpClient _routing = engine.Client(TestKeys.AcmeRouting);
    private readonly HttpClient _admin = engine.Client(TestKeys.AcmeAdmin);

    private static string NewContact() => "c-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Ready_agent_takes_chats_up_to_capacity_routing_sees_zero_free_slots_and_the_queue_age_grows()
    {
        var start = DateTimeOffset.UtcNow;
        await using var hub = await ConnectAsync();
        var agentPush = Pushed(hub, "AgentStateChanged/1");
        await hub.InvokeAsync("SubscribeAgents", (long?)null);
        await hub.InvokeAsync("SubscribeQueue", (long?)null);
        var queuePush = Pushed(hub, "InteractionOpened/1");

        var ready = await Ok(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "Ready" }));
        Assert.Equal("accepted", Str(ready, "outcome"));
        Assert.Equal("unchanged", Str(await Ok(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "Ready" })), "outcome"));
        var capacity = await Ok(_admin.PutAsJsonAsync("/api/v1/agents/agent-1/capacity", new { chat = 2 }));

        var me = AgentOf(await Get(_routing, $"/api/v1/agents?position={Pos(capacity)}"), "agent-1");
        Assert.Equal(("Ready", 2, 1, 3), (Str(me, "state"), Slots(me, "chat", "capacity"), Slots(me, "openMedia", "capacity"), me.GetProperty("freeSlots").GetInt32()));
        Assert.True(me.GetProperty("secondsInState").GetDouble() >= 0);
        Assert.Equal("acme:~agent.agent-1", (await agentPush).GetProperty("conversationId").GetString());

        // Three chats come in; the routing layer gives two to agent-1, the third waits.
        var (first, second, waiting) = (NewContact(), NewContact(), NewContact());
        foreach (var contact in new[] { first, second, waiting })
            await Ok(_routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WebChat", channelMessageId = contact + "-1", text = "Olá" }));
        await Ok(_routing.PostAsJsonAsync($"/api/v1/contacts/{first}/route", new { channel = "WebChat", agentId = "agent-1", reason = "skill:chat" }));
        var routed = await Ok(_routing.PostAsJsonAsync($"/api/v1/contacts/{second}/route", new { channel = "WebChat", agentId = "agent-1", reason = "skill:chat" }));
        await queuePush;

        me = AgentOf(await Get(_routing, $"/api/v1/agents?position={Pos(routed)}"), "agent-1");
        Assert.Equal((2, 0), (Slots(me, "chat", "open"), Slots(me, "chat", "free")));
        Assert.Equal(1, me.GetProperty("freeSlots").GetInt32()); // the open-media slot only

        var queue = await Get(_routing, "/api/v1/queue");
        var queued = queue.GetProperty("items").EnumerateArray().Single(i => Str(i, "contact") == waiting);
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), i => Str(i, "contact") == first);
        Assert.Equal("Chat", Str(queued, "media"));
        var age = queued.GetProperty("ageSeconds").GetDouble();
        await Eventually(async () => (await Get(_routing, "/api/v1/queue")).GetProperty("items").EnumerateArray()
            .Single(i => Str(i, "contact") == waiting).GetProperty("ageSeconds").GetDouble() > age, "the queue age grows");

        // An ended chat keeps its slot until Done (acme: EndedCountsUntilDone).
        var left = await Ok(_routing.PostAsJsonAsync($"/api/v1/contacts/{first}/contact-left", new { reason = "bye" }));
        me = AgentOf(await Get(_routing, $"/api/v1/agents?position={Pos(left)}"), "agent-1");
        Assert.Equal((2, 1, 1, 0), (Slots(me, "chat", "open"), Slots(me, "chat", "active"), Slots(me, "chat", "ended"), Slots(me, "chat", "free")));
        var done = await Ok(_agent.PostAsJsonAsync($"/api/v1/contacts/{first}/done", new { }));
        me = AgentOf(await Get(_routing, $"/api/v1/agents?position={Pos(done)}"), "agent-1");
        Assert.Equal((1, 1), (Slots(me, "chat", "open"), Slots(me, "chat", "free")));

        // Not Ready needs one of the tenant's reasons; a refused change changes nothing.
        await Problem(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "NotReady" }), HttpStatusCode.UnprocessableEntity, "needs a reason");
        await Problem(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "NotReady", reason = "nap" }), HttpStatusCode.UnprocessableEntity, "break, lunch");
        await Problem(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "Sleeping" }), HttpStatusCode.UnprocessableEntity, "Ready, NotReady");
        await Problem(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "Ready", reason = "break" }), HttpStatusCode.UnprocessableEntity, "only Not Ready");
        Assert.Equal("Ready", Str(AgentOf(await Get(_routing, "/api/v1/agents"), "agent-1"), "state"));
        var onBreak = await Ok(_agent.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "NotReady", reason = "break" }));
        me = AgentOf(await Get(_routing, $"/api/v1/agents?position={Pos(onBreak)}"), "agent-1");
        Assert.Equal(("NotReady", "break", "Break", 0), (Str(me, "state"), Str(me, "reason"), Str(me, "reasonLabel"), me.GetProperty("freeSlots").GetInt32()));

        // Occupancy per agent: agent-1 handled chats while Ready.
        var kpis = await Get(engine.Client(TestKeys.AcmeAnalyst),
            $"/api/v1/kpis/agent-states?from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        var mine = kpis.GetProperty("agents").EnumerateArray().Single(a => Str(a, "agentId") == "agent-1");
        Assert.True(mine.GetProperty("readySeconds").GetDouble() > 0);
        Assert.True(mine.GetProperty("handlingSeconds").GetDouble() > 0);
        Assert.InRange(mine.GetProperty("occupancy").GetDouble(), 0.0001, 1);
        Assert.Equal(JsonValueKind.Object, mine.GetProperty("notReadySecondsByReason").ValueKind);
    }

    [Fact]
    public async Task Only_the_agent_itself_or_a_supervisor_sets_an_agents_state_and_bad_input_is_a_problem()
    {
        await Problem(_routing.PutAsJsonAsync("/api/v1/agents/agent-2/state", new { state = "Ready" }), HttpStatusCode.Forbidden, "routing layer");
        await Problem(_agent.PutAsJsonAsync("/api/v1/agents/agent-2/state", new { state = "Ready" }), HttpStatusCode.Forbidden, "its own agent");
        await Problem(_routing.PutAsJsonAsync("/api/v1/agents/me/state", new { state = "Ready" }), HttpStatusCode.Forbidden, "agent key");
        await Problem(_agent.PutAsJsonAsync("/api/v1/agents/agent-1/capacity", new { chat = 9 }), HttpStatusCode.Forbidden, "supervisor");
        await Problem(_admin.PutAsJsonAsync("/api/v1/agents/agent-2/capacity", new { chat = 51 }), HttpStatusCode.UnprocessableEntity, "0 to 50");
        await Problem(_admin.PutAsJsonAsync("/api/v1/agents/agent%20x/state", new { state = "Ready" }), HttpStatusCode.BadRequest, "agent ids");
        using var malformed = new StringContent("{\"state\":", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await _agent.PutAsync("/api/v1/agents/me/state", malformed)).StatusCode);
        await Problem(engine.Client(TestKeys.AcmeAnalyst).GetAsync("/api/v1/kpis/agent-states?from=2026-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "'to'");

        var set = await Ok(_admin.PutAsJsonAsync("/api/v1/agents/agent-2/state", new { state = "NotReady", reason = "training" }));
        var agent2 = AgentOf(await Get(_routing, $"/api/v1/agents?position={Pos(set)}"), "agent-2");
        Assert.Equal(("NotReady", "training"), (Str(agent2, "state"), Str(agent2, "reason")));
        var desk = await Get(_agent, "/api/v1/agent-desk");
        Assert.Contains("break", desk.GetProperty("notReadyReasons").EnumerateArray().Select(r => Str(r, "code")));
        Assert.DoesNotContain((await Get(engine.Client(TestKeys.GlobexRouting), "/api/v1/agents")).GetProperty("agents").EnumerateArray(),
            a => Str(a, "agentId") == "agent-2"); // tenants see only their own agents
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(engine.BaseAddress, "/hubs/conversations"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestKeys.AcmeRouting))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Completes with the first pushed change of <paramref name="eventType"/> (times out after 20 s).</summary>
    private static Task<JsonElement> Pushed(HubConnection hub, string eventType)
    {
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("change", change =>
        {
            if (change.GetProperty("eventType").GetString() == eventType) pushed.TrySetResult(change.Clone());
        });
        return pushed.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static JsonElement AgentOf(JsonElement list, string agentId) =>
        list.GetProperty("agents").EnumerateArray().Single(a => Str(a, "agentId") == agentId);

    private static int Slots(JsonElement agent, string media, string field) => agent.GetProperty(media).GetProperty(field).GetInt32();

    private static string Pos(JsonElement result) => Uri.EscapeDataString(Str(result, "position")!);

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<JsonElement> Get(HttpClient client, string path) => Ok(client.GetAsync(path));

    private static async Task Problem(Task<HttpResponseMessage> request, HttpStatusCode status, string detail)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, body);
    }

    /// <summary>Polls a condition until it holds, for at most 10 s (no fixed sleeps: each try is a real read).</summary>
    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        for (var i = 0; i < 10_000 && DateTimeOffset.UtcNow < deadline; i++)
            if (await condition()) return;
        Assert.Fail($"timed out waiting for: {what}");
    }
}

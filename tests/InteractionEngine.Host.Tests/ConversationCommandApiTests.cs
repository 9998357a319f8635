using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace InteractionEngine.Host.Tests;

public class ConversationCommandApiTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly HttpClient _routing = engine.CreateClient().As(TestKeys.AcmeRouting);
    private readonly HttpClient _agent = engine.CreateClient().As(TestKeys.AcmeAgent1);

    private static string Contact() => "c-" + Guid.NewGuid().ToString("N")[..10];

    private Task<HttpResponseMessage> Post(string contact, string path, object body) =>
        (path is "messages/inbound" or "route" or "contact-left" ? _routing : _agent).PostAsJsonAsync($"/api/v1/contacts/{contact}/{path}", body);

    private static object Inbound(string wamid, string text = "Olá 👋") => new { channel = "WhatsApp", channelMessageId = wamid, text };

    [Fact]
    public async Task Inbound_message_is_acknowledged_and_a_redelivery_returns_the_original_result()
    {
        var contact = Contact();
        var first = await Post(contact, "messages/inbound", Inbound("wamid.1"));
        var again = await Post(contact, "messages/inbound", Inbound("wamid.1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("accepted", 1L), await Outcome(first));
        Assert.Equal(("duplicate", 1L), await Outcome(again));
        Assert.Equal(2, await JournalRows(contact)); // InteractionOpened + MessageReceived, once
    }

    [Fact]
    public async Task Full_lifecycle_over_http()
    {
        var contact = Contact();
        await Post(contact, "messages/inbound", Inbound("w1"));
        Assert.Equal(HttpStatusCode.OK, (await Post(contact, "route", new { channel = "WhatsApp", agentId = "agent-1", reason = "skill:billing" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(contact, "messages", new { agentId = "agent-1", clientMessageId = "m1", text = "Hi 😀" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(contact, "contact-left", new { reason = "bye" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(contact, "done", new { agentId = "agent-1" })).StatusCode);
        var reactivated = await Post(contact, "reactivate", new { agentId = "agent-1" });
        Assert.Equal(HttpStatusCode.OK, reactivated.StatusCode);
        using var body = JsonDocument.Parse(await reactivated.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("interaction").GetInt32());
    }

    [Fact]
    public async Task Lifecycle_conflict_is_409_with_the_reason_and_stores_nothing()
    {
        var contact = Contact();
        await Post(contact, "messages/inbound", Inbound("w1"));
        var response = await Post(contact, "messages", new { agentId = "agent-1", clientMessageId = "m1", text = "too early" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("not routed", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, await JournalRows(contact));
    }

    [Fact]
    public async Task A_repeated_request_with_the_same_Idempotency_Key_gets_the_first_answer()
    {
        var contact = Contact();
        await Post(contact, "messages/inbound", Inbound("w1"));
        await Post(contact, "route", new { channel = "WhatsApp", agentId = "agent-1", reason = "skill" });
        async Task<HttpResponseMessage> Done()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contacts/{contact}/done") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", "done-" + contact);
            return await _agent.SendAsync(request);
        }
        var first = await Done();
        var repeat = await Done();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode); // not 409 "already Done"
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var repeatBody = JsonDocument.Parse(await repeat.Content.ReadAsStringAsync());
        Assert.Equal("accepted", firstBody.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("duplicate", repeatBody.RootElement.GetProperty("outcome").GetString()); // as a repeated clientMessageId answers
        Assert.Equal(firstBody.RootElement.GetProperty("position").GetString(), repeatBody.RootElement.GetProperty("position").GetString());
        Assert.Equal(5, await JournalRows(contact)); // opened, received, routed, ended, done: once
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_another_body_is_422_and_changes_nothing()
    {
        var contact = Contact();
        await Post(contact, "messages/inbound", Inbound("w1"));
        Task<HttpResponseMessage> Route(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contacts/{contact}/route")
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "transfer-" + contact);
            return _routing.SendAsync(request);
        }

        var first = await Route("""{"channel":"WhatsApp","agentId":"agent-1","reason":"skill"}""");
        // A routing layer retrying a transfer to another agent under the same key must not be told "accepted".
        var other = await Route("""{"channel":"WhatsApp","agentId":"agent-2","reason":"skill"}""");
        // The same request, serialised differently (order, spacing), is a repeat.
        var same = await Route("""{ "reason": "skill", "agentId": "agent-1", "channel": "WhatsApp" }""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("another body", await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using var repeat = JsonDocument.Parse(await same.Content.ReadAsStringAsync());
        Assert.Equal("duplicate", repeat.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(3, await JournalRows(contact)); // opened, received, routed to agent-1 once; never to agent-2
    }

    [Fact]
    public async Task Invalid_command_is_422_problem_details()
    {
        var response = await Post(Contact(), "messages/inbound", new { channel = "WhatsApp", channelMessageId = "w1", text = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_json_is_400_problem_details_and_stores_nothing()
    {
        var contact = Contact();
        var response = await _routing.PostAsync($"/api/v1/contacts/{contact}/messages/inbound",
            new StringContent("{\"channel\":\"WhatsApp\",", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await JournalRows(contact));
    }

    [Fact]
    public async Task Bad_contact_id_is_400()
    {
        var response = await Post("bad%20id", "messages/inbound", Inbound("w1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<(string, long)> Outcome(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("outcome").GetString()!, body.RootElement.GetProperty("messageNumber").GetInt64());
    }

    private async Task<long> JournalRows(string contact)
    {
        await using var connection = new NpgsqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from journal where persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", $"conversation-acme:{contact}");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

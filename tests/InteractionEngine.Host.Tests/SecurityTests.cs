using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace InteractionEngine.Host.Tests;

/// <summary>Every rejected request gets the right status and stores nothing.</summary>
public class SecurityTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private static string Contact() => "s-" + Guid.NewGuid().ToString("N")[..10];
    private static object Inbound(string wamid) => new { channel = "WhatsApp", channelMessageId = wamid, text = "hi" };

    [Fact]
    public async Task No_credentials_is_401_and_nothing_is_stored()
    {
        var contact = Contact();
        var response = await engine.CreateClient().PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", Inbound("w1"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme); // how to authenticate (RFC 9110 §11.6.1)
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await JournalRows($"acme:{contact}"));
    }

    [Fact]
    public async Task Wrong_secret_is_401()
    {
        var response = await engine.CreateClient().As("ie.acme-routing.not-the-right-secret-at-all")
            .PostAsJsonAsync($"/api/v1/contacts/{Contact()}/messages/inbound", Inbound("w1"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task Wrong_role_is_403_and_nothing_is_stored()
    {
        var contact = Contact();
        var analyst = await engine.CreateClient().As(TestKeys.AcmeAnalyst).PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", Inbound("w1"));
        var agent = await engine.CreateClient().As(TestKeys.AcmeAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/route",
            new { channel = "WhatsApp", agentId = "agent-1", reason = "self-assign" });
        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal(0, await JournalRows($"acme:{contact}"));
        // The answer names the roles the endpoint needs and the key's own, so the caller knows which key to use.
        Assert.Equal("application/problem+json", agent.Content.Headers.ContentType?.MediaType);
        var detail = (await agent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("'routing' or 'admin'", detail);
        Assert.Contains("'agent'", detail);
    }

    [Theory]
    [InlineData("/api/v1/contacts?pageSize=0")]
    [InlineData("/api/v1/contacts?pageSize=501")]
    [InlineData("/api/v1/contacts/anyone/transcript?pageSize=100000")]
    [InlineData("/api/v1/contacts/anyone/transcript?cursor=-1")]
    [InlineData("/api/v1/channels/whatsapp/contacts?pageSize=-5")]
    public async Task Out_of_range_paging_is_400_not_silently_clamped(string url)
    {
        var response = await engine.CreateClient().As(TestKeys.AcmeAgent1).GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_largest_page_is_allowed()
    {
        var response = await engine.CreateClient().As(TestKeys.AcmeAgent1).GetAsync("/api/v1/contacts?pageSize=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"channel":1,"channelMessageId":"w1","text":"hi"}""", "channel")]          // an enum by number
    [InlineData("""{"channel":"Pigeon","channelMessageId":"w1","text":"hi"}""", "channel")]   // an unknown name
    [InlineData("""{"channel":"WhatsApp","channelMessageId":"w1","text":5}""", "text")]        // a wrong type
    [InlineData("""{"channel":"WhatsApp","channelMessageId":"w1","sentAt":"yesterday"}""", "sentAt")]
    [InlineData("""{"channel":"WhatsApp",""", null)]                                          // not JSON
    public async Task A_malformed_body_is_400_naming_the_field_but_no_framework_type(string json, string? field)
    {
        var contact = Contact();
        var response = await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsync($"/api/v1/contacts/{contact}/messages/inbound",
            new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        AssertNoTypeNames(detail);
        if (field is not null) Assert.Contains(field, detail);
        if (field == "channel") Assert.Contains("WhatsApp", detail); // the names it takes
        Assert.Equal(0, await JournalRows($"acme:{contact}"));
    }

    [Theory]
    [InlineData("/api/v1/contacts?channel=1", "channel")]
    [InlineData("/api/v1/contacts?media=99", "media")]
    [InlineData("/api/v1/contacts?pageSize=abc", "pageSize")]
    [InlineData("/api/v1/contacts?hasUnread=maybe", "hasUnread")]
    public async Task A_malformed_query_is_400_naming_the_parameter_but_no_framework_type(string url, string parameter)
    {
        var response = await engine.CreateClient().As(TestKeys.AcmeAgent1).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        AssertNoTypeNames(detail);
        Assert.Contains(parameter, detail);
    }

    [Fact]
    public async Task Enum_query_parameters_still_take_names()
    {
        var response = await engine.CreateClient().As(TestKeys.AcmeAgent1).GetAsync("/api/v1/contacts?channel=WhatsApp&media=Chat");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void AssertNoTypeNames(string detail)
    {
        foreach (var internalName in new[] { "System.", "InteractionEngine", "Nullable", "`", "Int32", "Boolean", "DateTimeOffset", "InboundMessageRequest", "ChannelKind" })
            Assert.DoesNotContain(internalName, detail);
    }

    [Fact]
    public async Task Agent_acting_for_another_agent_is_403()
    {
        var contact = Contact();
        await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", Inbound("w1"));
        await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route",
            new { channel = "WhatsApp", agentId = "agent-2", reason = "skill" });
        var response = await engine.CreateClient().As(TestKeys.AcmeAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/messages",
            new { agentId = "agent-2", clientMessageId = "m1", text = "pretending" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var own = await engine.CreateClient().As(TestKeys.AcmeAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/messages",
            new { clientMessageId = "m1", text = "not my interaction" });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode); // routed to agent-2
        Assert.Equal(3, await JournalRows($"acme:{contact}"));
    }

    [Fact]
    public async Task Another_tenants_conversation_is_not_found()
    {
        var contact = Contact();
        await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", Inbound("w1"));
        var response = await engine.CreateClient().As(TestKeys.GlobexAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // globex has no such conversation; acme's is untouched
        Assert.Equal(0, await JournalRows($"globex:{contact}"));
        Assert.Equal(2, await JournalRows($"acme:{contact}"));
    }

    [Fact]
    public async Task Oversize_body_is_413_problem_details_and_nothing_is_stored()
    {
        var contact = Contact();
        var huge = new string('x', 1_100_000);
        var response = await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsync($"/api/v1/contacts/{contact}/messages/inbound",
            new StringContent($"{{\"channel\":\"WhatsApp\",\"channelMessageId\":\"w1\",\"text\":\"{huge}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await JournalRows($"acme:{contact}"));
    }

    private async Task<long> JournalRows(string conversation)
    {
        await using var connection = new NpgsqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from journal where persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", $"conversation-{conversation}");
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // nothing was ever journalled on this engine yet
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests;

/// <summary>One rule for every outbound command: a client id (clientMessageId) or an Idempotency-Key, so a retry never sends twice.</summary>
public class OutboundClientIdTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly HttpClient _agent = engine.CreateClient().As(TestKeys.AcmeAgent1);
    private readonly HttpClient _routing = engine.CreateClient().As(TestKeys.AcmeRouting);

    private async Task<string> RoutedContactAsync()
    {
        var contact = "o-" + Guid.NewGuid().ToString("N")[..10];
        (await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WebChat", channelMessageId = "w1", text = "hi" })).EnsureSuccessStatusCode();
        (await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-1", reason = "test" })).EnsureSuccessStatusCode();
        return contact;
    }

    [Theory]
    [InlineData("messages", """{"text":"hello"}""")]
    [InlineData("notifications", """{"template":"appointment_reminder"}""")]
    [InlineData("channels/whatsapp/connect", "{}")]
    [InlineData("channels/whatsapp/validate", "{}")]
    public async Task An_outbound_command_without_a_client_id_is_422_naming_both_ways_to_give_one(string path, string body)
    {
        var contact = await RoutedContactAsync();
        var response = await _agent.PostAsync($"/api/v1/contacts/{contact}/{path}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("clientMessageId", problem.GetProperty("detail").GetString());
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_Idempotency_Key_is_a_client_id_and_a_retry_with_it_sends_once()
    {
        var contact = await RoutedContactAsync();
        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contacts/{contact}/messages") { Content = JsonContent.Create(new { text = "once" }) };
            request.Headers.Add("Idempotency-Key", "send-" + contact);
            return await _agent.SendAsync(request);
        }
        var first = await Send();
        var retry = await Send();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var number = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("messageNumber").GetInt64();
        Assert.Equal(number, JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("messageNumber").GetInt64());
    }
}

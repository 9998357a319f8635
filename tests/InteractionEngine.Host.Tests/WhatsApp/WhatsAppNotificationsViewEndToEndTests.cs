using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>The seed's Notifications view over real HTTP with the emulator: list, preview, send; Connect to a chosen number.</summary>
public partial class WhatsAppEndToEndTests
{
    /// <summary>
    /// The one send the emulator received for <paramref name="waId"/>: waits until the transcript shows the contact's
    /// notification accepted by the Cloud API (the dispatcher records Sent only after the emulator answered), then reads it once.
    /// </summary>
    private async Task<JsonElement> EmulatorSendToAsync(string contact, string waId, string what)
    {
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Notification" && Delivery(x) is "Sent" or "Delivered" or "Read"), what);
        var sends = await engine.Emulator.SendsAsync();
        return Assert.Single(sends.GetProperty("messages").EnumerateArray(), m => Str(m, "to") == waId);
    }

    [Fact]
    public async Task The_agent_lists_templates_previews_one_filled_from_the_directory_and_the_emulator_receives_exactly_the_preview()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "rita-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName = "Rita", phoneNumbers = new[] { new { number = "+" + waId } } })).EnsureSuccessStatusCode();
        await engine.RouteToAgentAsync(contact, "outbound");

        // The Notifications view: the template's first name comes from the directory, the agent types the rest.
        var list = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/channels/whatsapp/templates?name=appointment")).RootElement;
        var template = Assert.Single(list.GetProperty("templates").EnumerateArray());
        var agentFields = template.GetProperty("fields").EnumerateArray()
            .Where(f => f.GetProperty("filledFrom").ValueKind == JsonValueKind.Null).Select(f => Str(f, "field")).ToList();
        Assert.Equal(["appointment.with", "appointment.date", "appointment.time"], agentFields);

        var values = new Dictionary<string, string> { ["appointment.with"] = "Dr. Silva", ["appointment.date"] = "2 December", ["appointment.time"] = "10:00" };
        var previewed = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new { template = "appointment_reminder", language = "en_US", values });
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var preview = JsonDocument.Parse(await previewed.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("Hello Rita,", Str(preview.GetProperty("notification"), "body"));
        Assert.Equal(waId, Str(preview, "to"));

        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications", new { clientMessageId = "n1", template = "appointment_reminder", language = "en_US", values });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var send = await EmulatorSendToAsync(contact, waId, "the notification");
        var received = JsonNode.Parse(send.GetProperty("body").GetProperty("template").GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(preview.GetProperty("cloudApiTemplate").GetRawText()), received),
            $"preview {preview.GetProperty("cloudApiTemplate")} but sent {received}");
        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Notification"), "the notification in the transcript");
        Assert.Equal(Str(preview.GetProperty("notification"), "body"), Str(lines.Single().GetProperty("notification"), "body"));
    }

    [Fact]
    public async Task Connect_sends_the_request_to_the_chosen_number_and_its_approval_connects_that_number()
    {
        var (first, second) = (WebhookPayloads.NewWaId(), WebhookPayloads.NewWaId());
        var contact = "rui-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName = "Rui", phoneNumbers = new[] { new { number = "+" + first }, new { number = "+" + second } } })).EnsureSuccessStatusCode();
        await engine.RouteToAgentAsync(contact, "outbound");

        var connect = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/channels/whatsapp/connect", new { clientMessageId = "c1", phoneNumberIndex = 1 });
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        var request = await EmulatorSendToAsync(contact, second, "the connection request");
        Assert.Equal("whatsapp_connection_request", Str(request.GetProperty("body").GetProperty("template"), "name"));

        await engine.Emulator.ContactWritesAsync(second, new { button = new { text = "Yes, connect", payload = "CHANNEL_CONNECT_YES" }, replyTo = Str(request, "wamid") });
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "channelMessageType") == "button"), "the approval");
        // The approval and its ChannelStateChanged are journalled together: once the read side holds the journal, it holds the state.
        await engine.ReadSideCaughtUpAsync();
        var channel = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/channels/whatsapp")).RootElement;
        Assert.Equal(("Connected", second), (Str(channel, "state"), Str(channel, "address")));
        Assert.DoesNotContain((await engine.Emulator.SendsAsync()).GetProperty("messages").EnumerateArray(), m => Str(m, "to") == first);
    }
}

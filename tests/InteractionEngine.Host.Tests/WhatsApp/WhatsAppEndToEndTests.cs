using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>The engine and the Cloud API emulator over real HTTP on 127.0.0.1.</summary>
public sealed class WhatsAppEmulatorEngine : WhatsAppEngine
{
    public EmulatorProcess Emulator { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Emulator = await EmulatorProcess.StartAsync(this);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Emulator is not null) await Emulator.DisposeAsync();
        await base.DisposeAsync();
    }
}

public partial class WhatsAppEndToEndTests(WhatsAppEmulatorEngine engine) : IClassFixture<WhatsAppEmulatorEngine>
{
    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string Delivery(JsonElement line) => line.TryGetProperty("delivery", out var d) ? Str(d, "status") : "";

    private async Task<string> ContactWritesAndIsRoutedAsync(string waId, string text = "Olá 👋")
    {
        await engine.Emulator.ContactWritesAsync(waId, new { profileName = "Ana", text });
        var contact = "+" + waId;
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "text") == text), "the contact's message");
        await engine.RouteToAgentAsync(contact);
        return contact;
    }

    [Fact]
    public async Task Agent_sends_the_emulator_answers_and_its_signed_status_webhooks_update_the_transcript()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a1", text = "Olá Ana, em que posso ajudar? 😀" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Delivery(x) == "Read"), "the read receipt");
        var line = lines.Single(l => Str(l, "direction") == "Outbound");
        Assert.StartsWith("wamid.", Str(line, "channelMessageId"));
        Assert.Equal(Str(line, "channelMessageId"), Str(line.GetProperty("delivery"), "channelMessageId"));

        var sends = await engine.Emulator.SendsAsync();
        var body = sends.GetProperty("messages").EnumerateArray().Select(m => m.ToString()).Single(m => m.Contains(waId));
        Assert.Contains($"ie1:acme:{contact}:2", body); // the correlation travelled as biz_opaque_callback_data
        Assert.Contains("Olá Ana", body);
    }

    [Fact]
    public async Task A_send_to_an_unreachable_number_is_recorded_failed_with_the_platform_error_and_the_channel_gets_a_warning()
    {
        const string unreachable = "15550009999";
        var contact = await ContactWritesAndIsRoutedAsync(unreachable, "can you hear me? " + Guid.NewGuid().ToString("N")[..6]);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "u-" + Guid.NewGuid().ToString("N"), text = "hello?" })).EnsureSuccessStatusCode();

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Delivery(x) == "Failed"), "the failure");
        var error = lines.Last(l => Delivery(l) == "Failed").GetProperty("delivery").GetProperty("error");
        Assert.Equal(131026, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(Str(error, "title")));

        // The channel is in Warning: a further free-form send is refused with WhatsApp's reason.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage refused;
        do
        {
            refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "u-" + Guid.NewGuid().ToString("N"), text = "again?" });
            if (refused.StatusCode == HttpStatusCode.Conflict) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("131026", await refused.Content.ReadAsStringAsync());

        // The contact list shows the channel in Warning with WhatsApp's reason.
        deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement channel = default;
        while (DateTime.UtcNow < deadline)
        {
            var list = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/channels/whatsapp/contacts?pageSize=500")).RootElement;
            var row = list.GetProperty("contacts").EnumerateArray().FirstOrDefault(r => Str(r.GetProperty("contact"), "contact") == contact);
            if (row.ValueKind == JsonValueKind.Object && row.GetProperty("whatsAppChannel").ValueKind == JsonValueKind.Object
                && Str(row.GetProperty("whatsAppChannel"), "state") == "Warning")
            {
                channel = row.GetProperty("whatsAppChannel");
                break;
            }
            await Task.Delay(200);
        }
        Assert.Equal(JsonValueKind.Object, channel.ValueKind);
        Assert.Equal(131026, channel.GetProperty("errorCode").GetInt32());
        Assert.Equal(unreachable, Str(channel, "address"));
        Assert.False(string.IsNullOrEmpty(Str(channel, "reason")));
        var single = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/channels/whatsapp")).RootElement;
        Assert.Equal("Warning", Str(single, "state"));
    }

    [Fact]
    public async Task A_template_with_a_missing_field_is_422_naming_it_and_an_unapproved_one_is_refused()
    {
        var contact = await ContactWritesAndIsRoutedAsync(WebhookPayloads.NewWaId());
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var missing = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/notifications", new
        {
            clientMessageId = "n1", template = "appointment_reminder", language = "en_US",
            values = new Dictionary<string, string> { ["contact.firstName"] = "Ana", ["appointment.with"] = "Dr. Silva", ["appointment.time"] = "10:00" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("appointment.date", Str(problem, "field"));
        Assert.Contains("appointment.date", Str(problem, "detail"));

        var pending = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/notifications", new
        {
            clientMessageId = "n2", template = "loyalty_welcome", language = "en_US",
            values = new Dictionary<string, string> { ["contact.firstName"] = "Ana", ["loyalty.memberNumber"] = "42" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pending.StatusCode);
        Assert.Contains("APPROVED", await pending.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_notification_is_sent_through_the_emulator_and_the_contacts_button_reply_links_to_it()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/notifications", new
        {
            clientMessageId = "n1", template = "appointment_reminder", language = "en_US",
            values = new Dictionary<string, string>
            {
                ["contact.firstName"] = "Ana", ["appointment.with"] = "Dr. Silva", ["appointment.date"] = "2 December", ["appointment.time"] = "10:00",
            },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var number = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("messageNumber").GetInt64();

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Notification" && Delivery(x) is "Sent" or "Delivered" or "Read"), "the notification sent");
        var notification = lines.Single(l => Str(l, "kind") == "Notification");
        Assert.Contains("Dr. Silva", Str(notification.GetProperty("notification"), "body"));
        var wamid = Str(notification, "channelMessageId");
        Assert.StartsWith("wamid.", wamid);

        await engine.Emulator.ContactWritesAsync(waId, new { button = new { text = "Yes", payload = "APPOINTMENT_CONFIRM" }, replyTo = wamid });
        lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "channelMessageType") == "button"), "the button reply");
        var reply = lines.Single(l => Str(l, "channelMessageType") == "button");
        Assert.Equal(wamid, Str(reply, "inReplyTo"));
        Assert.Equal(number, reply.GetProperty("inReplyToMessageNumber").GetInt64());
        Assert.Equal("APPOINTMENT_CONFIRM", Str(reply.GetProperty("buttonReply"), "payload"));
    }

    [Fact]
    public async Task Connect_sends_the_request_and_the_contacts_approval_connects_the_channel()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "ana-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName = "Ana", phoneNumbers = new[] { new { number = "+" + waId } } })).EnsureSuccessStatusCode();
        await engine.RouteToAgentAsync(contact, "outbound");

        var connect = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/channels/whatsapp/connect", new { clientMessageId = "c1" });
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        var refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "m1", text = "hi" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("approve", await refused.Content.ReadAsStringAsync());

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Notification" && Str(x, "channelMessageId").Length > 0), "the connection request sent");
        var request = lines.Single(l => Str(l, "kind") == "Notification");
        Assert.Contains("Hello Ana", Str(request.GetProperty("notification"), "body"));

        // The contact taps "Yes, connect": the directory maps the number to the contact, and the channel is connected.
        await engine.Emulator.ContactWritesAsync(waId, new { button = new { text = "Yes, connect", payload = "CHANNEL_CONNECT_YES" }, replyTo = Str(request, "channelMessageId") });
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "channelMessageType") == "button"), "the approval");
        var allowed = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "m2", text = "Thanks for connecting!" });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Validate_puts_an_unreachable_number_in_warning_with_the_reason()
    {
        var contact = "ben-" + Guid.NewGuid().ToString("N")[..8];
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName = "Ben", phoneNumbers = new[] { new { number = "+351939999999" } } })).EnsureSuccessStatusCode();
        await engine.RouteToAgentAsync(contact, "outbound");

        var validate = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/channels/whatsapp/validate", new { clientMessageId = "validate-" + Guid.NewGuid().ToString("N") });
        Assert.True(validate.IsSuccessStatusCode, await validate.Content.ReadAsStringAsync());
        Assert.StartsWith("1.", System.Text.Json.JsonDocument.Parse(await validate.Content.ReadAsStringAsync()).RootElement.GetProperty("position").GetString());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage refused;
        do
        {
            // Ben never wrote, so free-form is refused from the start (no window); the warning, once recorded, is named instead.
            refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "v-" + Guid.NewGuid().ToString("N"), text = "hi" });
            if (refused.StatusCode == HttpStatusCode.Conflict && (await refused.Content.ReadAsStringAsync()).Contains("warning")) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("warning", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_delivered_validation_message_clears_a_warning()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a1", text = "hello" })).EnsureSuccessStatusCode();

        // WhatsApp reports the number unreachable (a signed status webhook naming the message by its correlation).
        var failed = WebhookPayloads.Statuses(WebhookPayloads.Status("wamid.failed-" + Guid.NewGuid().ToString("N"), "failed", waId, $"ie1:acme:{contact}:2", errorCode: 131026));
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(failed)).StatusCode);
        var refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a2", text = "still there?" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var validate = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/channels/whatsapp/validate", new { clientMessageId = "validate-" + Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Accepted, validate.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage allowed;
        do
        {
            allowed = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a3", text = "back again" });
            if (allowed.IsSuccessStatusCode) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_dispatch_started_before_a_crash_is_never_resent_and_fails_as_outcome_unknown()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        // What a crash between "dispatch started" and the Cloud API's answer leaves behind, for the next message (2).
        var store = engine.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Insert(new InteractionEngine.Projections.Outbox.WhatsAppDispatch($"acme:{contact}:2", $"acme:{contact}", 2, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a1", text = "maybe sent" })).EnsureSuccessStatusCode();

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Delivery(x) == "Failed"), "the unknown outcome recorded as failed");
        Assert.Equal(-1, lines.Single(l => Str(l, "direction") == "Outbound").GetProperty("delivery").GetProperty("error").GetProperty("code").GetInt32());
        var sends = await engine.Emulator.SendsAsync();
        Assert.DoesNotContain(sends.GetProperty("messages").EnumerateArray(), m => m.ToString().Contains(waId));
    }
}

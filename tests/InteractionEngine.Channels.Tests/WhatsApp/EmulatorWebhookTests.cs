using System.Net.Http.Json;
using System.Text;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.WhatsAppEmulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.Tests.WhatsApp;

/// <summary>The emulator's webhooks, received by a listener that verifies signatures the way the engine must.</summary>
public class EmulatorWebhookTests
{
    private const string Ana = "+351912345678";
    private const string AnaWaId = "351912345678";

    private static Func<WhatsAppWebhook, bool> StatusOf(string wamid, string status) =>
        w => w.Statuses.Any(s => s.Wamid == wamid && s.Status == status);

    [Fact]
    public async Task An_accepted_send_is_followed_by_signed_sent_delivered_and_read_webhooks()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var correlation = new OutboundCorrelation(new ConversationId("acme", Ana), 4);
        var accepted = Assert.IsType<SendResult.Accepted>(await env.Client().SendTextAsync(Ana, "Your order is ready", new SendOptions(Correlation: correlation)));

        var read = await env.Listener.WaitForAsync(StatusOf(accepted.Wamid, "read"));
        var statuses = env.Listener.Seen.SelectMany(w => w.Webhook.Statuses).Where(s => s.Wamid == accepted.Wamid).ToList();
        Assert.Equal(["sent", "delivered", "read"], statuses.Select(s => s.Status));
        Assert.All(env.Listener.Seen, w => Assert.True(WebhookSignature.IsValid(w.RawBody, w.Signature, EmulatorEnvironment.AppSecret)));
        Assert.Equal(0, env.Listener.RefusedSignatures);

        var update = WhatsAppStatusMapper.TryMap(statuses[0])!;
        Assert.Equal((DeliveryStatus.Sent, correlation, EmulatorEnvironment.PhoneNumberId, AnaWaId),
            (update.Status, update.Correlation, update.PhoneNumberId, update.RecipientWaId));
        Assert.Equal("service", statuses[0].PricingCategory);
        Assert.Equal(EmulatorEnvironment.PhoneNumberId, read.Webhook.Changes.Single().PhoneNumberId);
    }

    [Fact]
    public async Task Any_webhook_body_can_be_signed_and_posted_through_the_control_api()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "text-emoji.json"));
        using var response = await env.Http.PostAsync("/emulator/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var received = await env.Listener.WaitForAsync(w => w.Messages.Any(m => m.Text == "Olá 👋 é aqui? 😀"));
        Assert.True(WebhookSignature.IsValid(received.RawBody, received.Signature, EmulatorEnvironment.AppSecret));
        using var bad = await env.Http.PostAsync("/emulator/webhooks", new StringContent("[1,2]", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_number_is_accepted_then_fails_by_webhook_with_131026_as_on_the_platform()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => o.UnreachableNumbers = ["15550009999"]);
        var accepted = Assert.IsType<SendResult.Accepted>(await env.Client().SendTextAsync("+15550009999", "Hello?"));

        var failed = await env.Listener.WaitForAsync(StatusOf(accepted.Wamid, "failed"));
        var update = WhatsAppStatusMapper.TryMap(failed.Webhook.Statuses.Single())!;
        Assert.Equal(DeliveryStatus.Failed, update.Status);
        Assert.Equal(new DeliveryError(131026, "Message undeliverable", "Message Undeliverable."), update.Error);
    }

    [Fact]
    public async Task Free_form_messages_outside_the_24_hour_window_fail_with_131047_but_templates_go()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => o.EnforceCustomerServiceWindow = true);
        var client = env.Client();
        var outside = Assert.IsType<SendResult.Accepted>(await client.SendTextAsync(Ana, "Hi again"));
        var failure = await env.Listener.WaitForAsync(StatusOf(outside.Wamid, "failed"));
        Assert.Equal(131047, WhatsAppStatusMapper.TryMap(failure.Webhook.Statuses.Single())!.Error!.Code);

        var template = Assert.IsType<SendResult.Accepted>(await client.SendTemplateAsync(Ana, "appointment_reminder", "en_US", null, [], []));
        await env.Listener.WaitForAsync(StatusOf(template.Wamid, "delivered"));

        await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages", new { text = "Sim" });
        var inside = Assert.IsType<SendResult.Accepted>(await client.SendTextAsync(Ana, "Thanks for your answer"));
        await env.Listener.WaitForAsync(StatusOf(inside.Wamid, "delivered"));
    }

    [Fact]
    public async Task A_simulated_contact_writes_and_the_engine_receives_a_signed_inbound_webhook()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var response = await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages", new { profileName = "Ana Sousa", text = "Olá 👋" });
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<ControlAnswer>();
        Assert.True(answer!.Webhook.Posted);

        var received = await env.Listener.WaitForAsync(w => w.Messages.Any());
        var m = received.Webhook.Messages.Single();
        Assert.Equal((answer.Id, AnaWaId, "Ana Sousa", "text", "Olá 👋"), (m.Wamid, m.From, m.ProfileName, m.Type, m.Text));
        var command = WhatsAppInboundMapper.ToReceiveMessage(m, "acme", WhatsAppInboundMapper.ByE164, DateTimeOffset.UtcNow);
        Assert.Equal(new ConversationId("acme", Ana), command.ConversationId);
    }

    [Fact]
    public async Task A_button_reply_to_a_sent_notification_comes_back_linked_to_it()
    {
        var catalogPath = Path.Combine(AppContext.BaseDirectory, "whatsapp-templates.json");
        await using var env = await EmulatorEnvironment.StartAsync(o => o.TemplatesPath = catalogPath);
        var rendered = TemplateRenderer.Render(TemplateCatalog.Load(catalogPath).Find("appointment_reminder", "en_US")!,
            new Dictionary<string, string> { ["firstName"] = "Ana" },
            new Dictionary<string, string> { ["appointment.with"] = "Dr. Costa", ["appointment.date"] = "12 June", ["appointment.time"] = "10:30" });
        var notification = Assert.IsType<SendResult.Accepted>(await env.Client().SendTemplateAsync(Ana, rendered.Rendered!.Payload));

        var press = await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages",
            new { replyTo = notification.Wamid, button = new { text = "Yes", payload = "APPOINTMENT_CONFIRM" } });
        press.EnsureSuccessStatusCode();

        var received = await env.Listener.WaitForAsync(w => w.Messages.Any(m => m.Type == "button"));
        var command = WhatsAppInboundMapper.ToReceiveMessage(received.Webhook.Messages.Single(), "acme", WhatsAppInboundMapper.ByE164, DateTimeOffset.UtcNow);
        Assert.Equal(new ButtonReply("APPOINTMENT_CONFIRM", "Yes"), command.ButtonReply);
        Assert.Equal(notification.Wamid, command.InReplyTo);
        Assert.Equal("button", command.ChannelMessageType);
    }

    [Fact]
    public async Task Interactive_replies_images_and_reactions_from_the_contact_arrive_in_the_documented_shape()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages",
            new { replyTo = "wamid.LIST", interactive = new { type = "list_reply", id = "slot-2", title = "Tuesday 10:00", description = "Avenida" } });
        await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages", new { image = new { mimeType = "image/png", caption = "receipt" } });
        await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages", new { reaction = new { messageId = "wamid.AGENT", emoji = "❤️" } });

        var list = (await env.Listener.WaitForAsync(w => w.Messages.Any(m => m.Type == "interactive"))).Webhook.Messages.Single();
        Assert.Equal((new ButtonReply("slot-2", "Tuesday 10:00"), "wamid.LIST"), (list.ButtonReply!, list.InReplyTo!));
        var image = (await env.Listener.WaitForAsync(w => w.Messages.Any(m => m.Type == "image"))).Webhook.Messages.Single();
        Assert.Equal(("image/png", "receipt"), (image.Attachment!.MimeType, image.Attachment.Caption));
        var reaction = (await env.Listener.WaitForAsync(w => w.Messages.Any(m => m.Type == "reaction"))).Webhook.Messages.Single();
        Assert.Equal(new WhatsAppReaction("wamid.AGENT", "❤️"), reaction.Reaction);

        // The webhook has no size; the media endpoint does, so the engine can resolve it.
        Assert.True(WhatsAppMedia.TryGetMediaId(image.Attachment.Reference, out var mediaId));
        var info = await env.Client().GetMediaInfoAsync(mediaId);
        Assert.Equal(("image/png", mediaId), (info!.MimeType, info.Id));
        Assert.True(info.FileSize > 0);
        Assert.Null(await env.Client().GetMediaInfoAsync("4242424242"));
    }

    [Fact]
    public async Task Duplicate_status_webhooks_can_be_switched_on_to_exercise_idempotency()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => o.DuplicateStatuses = true);
        var accepted = Assert.IsType<SendResult.Accepted>(await env.Client().SendTextAsync(Ana, "twice?"));
        await env.Listener.WaitForAsync(StatusOf(accepted.Wamid, "read"));
        await Task.Yield();
        var reads = await WaitUntil(() => env.Listener.Seen.Count(w => StatusOf(accepted.Wamid, "read")(w.Webhook)), n => n == 2);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Webhooks_are_retried_until_the_engine_answers_and_a_bad_secret_is_refused()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => { o.AppSecret = "not-the-engines-secret"; o.WebhookMaxAttempts = 3; });
        var response = await env.Http.PostAsJsonAsync($"/emulator/contacts/{AnaWaId}/messages", new { text = "forged?" });
        var answer = await response.Content.ReadFromJsonAsync<ControlAnswer>();
        Assert.False(answer!.Webhook.Posted);
        Assert.Equal((401, 3), (answer.Webhook.HttpStatus, answer.Webhook.Attempts));
        Assert.Equal(3, env.Listener.RefusedSignatures);
        Assert.Empty(env.Listener.Seen);
    }

    [Fact]
    public async Task The_verification_handshake_echoes_the_challenge_only_for_the_right_token()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        using var http = new HttpClient();
        var ok = await http.GetAsync($"{env.Listener.Url}?hub.mode=subscribe&hub.verify_token={EmulatorEnvironment.VerifyToken}&hub.challenge=1158201444");
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        var refused = await http.GetAsync($"{env.Listener.Url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        Assert.Equal(403, (int)refused.StatusCode);
    }

    private static async Task<int> WaitUntil(Func<int> read, Func<int, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            value = read();
        }
        return value;
    }

    private sealed record ControlAnswer(string Id, WebhookAnswer Webhook);

    private sealed record WebhookAnswer(bool Posted, int? HttpStatus, int Attempts, string? Error);
}

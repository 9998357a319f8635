using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InteractionEngine.Host.Channels;
using static InteractionEngine.Host.Tests.WhatsApp.WebhookPayloads;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>Meta's webhook through the real endpoint into the transcript: handshake, signature, every message type, redelivery, batches, statuses.</summary>
public class WhatsAppWebhookTests(WhatsAppWebhookEngine engine) : IClassFixture<WhatsAppWebhookEngine>
{
    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    [Fact]
    public async Task Handshake_echoes_the_challenge_only_for_the_right_verify_token()
    {
        using var http = engine.Client();
        var ok = await http.GetAsync($"{WhatsAppWebhookEndpoint.Path}?hub.mode=subscribe&hub.verify_token={WhatsAppEngine.VerifyToken}&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        var wrong = await http.GetAsync($"{WhatsAppWebhookEndpoint.Path}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        var mode = await http.GetAsync($"{WhatsAppWebhookEndpoint.Path}?hub.mode=unsubscribe&hub.verify_token={WhatsAppEngine.VerifyToken}&hub.challenge=1");
        Assert.Equal(HttpStatusCode.Forbidden, mode.StatusCode);
    }

    [Fact]
    public async Task A_missing_or_wrong_signature_is_401_and_nothing_is_stored()
    {
        var waId = NewWaId();
        var json = Load("text-emoji", waId, NewRun());
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.PostWebhookAsync(json, sign: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.PostWebhookAsync(json, signature: "sha256=" + new string('0', 64))).StatusCode);
        var otherSecret = InteractionEngine.Channels.WhatsApp.Webhooks.WebhookSignature.Compute(Encoding.UTF8.GetBytes(json), "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.PostWebhookAsync(json, signature: otherSecret)).StatusCode);
        // The signature covers the raw bytes: the same JSON re-encoded (whitespace) with the original's signature fails.
        var original = InteractionEngine.Channels.WhatsApp.Webhooks.WebhookSignature.Compute(Encoding.UTF8.GetBytes(json), WhatsAppEngine.AppSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.PostWebhookAsync(json + " ", signature: original)).StatusCode);

        await Task.Delay(500);
        using var http = engine.Client(TestKeys.AcmeAgent1);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/contacts/{Uri.EscapeDataString("+" + waId)}/summary")).StatusCode);
    }

    [Fact]
    public async Task Malformed_is_400_and_over_3_MB_is_413()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.PostWebhookAsync("{not json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.PostWebhookAsync("""{"object":"page","entry":[]}""")).StatusCode);
        var huge = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"" + new string('x', 3 * 1024 * 1024) + "\"}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await engine.PostWebhookAsync(huge)).StatusCode);
        // Just under Meta's limit is accepted.
        var big = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(big)).StatusCode);
    }

    [Fact]
    public async Task Every_message_type_lands_in_the_transcript()
    {
        var waId = NewWaId();
        var run = NewRun();
        foreach (var name in new[] { "text-emoji", "image-caption", "interactive-button-reply", "interactive-list-reply", "template-button", "reply-with-context", "reaction", "unknown-types" })
            Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Load(name, waId, run))).StatusCode);

        var lines = await engine.TranscriptWhenAsync("+" + waId, l => l.Count >= 10, "ten inbound messages");
        Assert.All(lines, l => Assert.Equal("Inbound", Str(l, "direction")));
        Assert.All(lines, l => Assert.Equal("WhatsApp", Str(l, "channel")));
        JsonElement ByType(string type) => lines.First(l => Str(l, "channelMessageType") == type);

        Assert.Equal("Olá 👋 é aqui? 😀", Str(ByType("text"), "text"));
        var image = ByType("image");
        var attachment = image.GetProperty("attachments")[0];
        Assert.Equal("whatsapp-media:1003383421387256", Str(attachment, "reference"));
        Assert.Equal("image/jpeg", Str(attachment, "mimeType"));
        Assert.Equal(0, attachment.GetProperty("sizeBytes").GetInt64()); // unknown until fetched
        Assert.Equal("change-date", Str(ByType("interactive.button_reply").GetProperty("buttonReply"), "payload"));
        Assert.Equal("slot-2", Str(ByType("interactive.list_reply").GetProperty("buttonReply"), "payload"));
        var button = ByType("button");
        Assert.Equal("APPOINTMENT_CONFIRM", Str(button.GetProperty("buttonReply"), "payload"));
        Assert.Equal($"wamid.{run}.TEMPLATE_REMINDER", Str(button, "inReplyTo"));
        Assert.Equal($"wamid.{run}.AGENT_MESSAGE_7", Str(lines.First(l => Str(l, "channelMessageId").EndsWith("QUOTED_REPLY1")), "inReplyTo"));
        // Reactions are their own kind of line, linked to the reacted message; the second one removes the reaction.
        var reactions = lines.Where(l => Str(l, "channelMessageType") == "reaction").ToList();
        Assert.Equal(2, reactions.Count);
        Assert.All(reactions, r => Assert.Equal(("Reaction", $"wamid.{run}.AGENT_MESSAGE_7"), (Str(r, "kind"), Str(r, "inReplyTo"))));
        Assert.All(reactions, r => Assert.True(!r.TryGetProperty("text", out var text) || text.ValueKind == JsonValueKind.Null, "a reaction is not a text message"));
        Assert.Equal(("👍", false), (Str(reactions[0].GetProperty("reaction"), "emoji"), reactions[0].GetProperty("reaction").GetProperty("removed").GetBoolean()));
        Assert.True(reactions[1].GetProperty("reaction").GetProperty("removed").GetBoolean());
        Assert.Contains(lines, l => Str(l, "channelMessageType") == "unsupported");
        Assert.Contains(lines, l => Str(l, "channelMessageType") == "location");
    }

    [Fact]
    public async Task A_redelivery_and_two_identical_deliveries_at_the_same_moment_are_one_message()
    {
        var waId = NewWaId();
        var json = Load("text-emoji", waId, NewRun());
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => engine.PostWebhookAsync(json)));
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(json)).StatusCode); // Meta's redelivery, later

        await engine.TranscriptWhenAsync("+" + waId, l => l.Count >= 1, "the message");
        await Task.Delay(500);
        Assert.Single(await engine.TranscriptAsync("+" + waId));
    }

    [Fact]
    public async Task A_batch_of_entries_and_changes_is_applied_in_order_per_tenant()
    {
        var run = NewRun();
        var acme = NewWaId();
        var ben = "4477" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var json = Load("batch-2-entries-2-changes", acme, run)
            .Replace("447700900456", ben)
            .Replace("447700900789", "4478" + Random.Shared.NextInt64(10_000_000, 99_999_999));
        var response = await engine.PostWebhookAsync(json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, body.GetProperty("messages").GetInt32());

        var lines = await engine.TranscriptWhenAsync("+" + acme, l => l.Count >= 1, "acme's message");
        Assert.Equal("first", Str(Assert.Single(lines), "text"));
        // The second entry's number belongs to globex: its contacts are globex's, not acme's.
        using var globex = engine.Client(TestKeys.GlobexAgent1);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage summary;
        do
        {
            summary = await globex.GetAsync($"/api/v1/contacts/{Uri.EscapeDataString("+" + ben)}/summary");
            if (summary.IsSuccessStatusCode) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        using var acmeAgent = engine.Client(TestKeys.AcmeAgent1);
        Assert.Equal(HttpStatusCode.NotFound, (await acmeAgent.GetAsync($"/api/v1/contacts/{Uri.EscapeDataString("+" + ben)}/summary")).StatusCode);
    }

    [Fact]
    public async Task A_number_nobody_owns_is_acknowledged_and_nothing_is_stored()
    {
        var waId = NewWaId();
        var json = Load("text-emoji", waId, NewRun()).Replace(WhatsAppEngine.AcmeNumberId, "999999999999999");
        var response = await engine.PostWebhookAsync(json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ignored").GetInt32());
        await Task.Delay(500);
        using var http = engine.Client(TestKeys.AcmeAgent1);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/contacts/{Uri.EscapeDataString("+" + waId)}/summary")).StatusCode);
    }

    [Fact]
    public async Task Statuses_before_and_after_the_wamid_is_known_out_of_order_and_twice_only_move_forward()
    {
        var waId = NewWaId();
        var run = NewRun();
        var contact = "+" + waId;
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Load("text-emoji", waId, run))).StatusCode);
        await engine.RouteToAgentAsync(contact);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a1", text = "Olá Ana 😀" });
        sent.EnsureSuccessStatusCode();
        var number = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("messageNumber").GetInt64();
        var wamid = $"wamid.{run}.OUT";
        var correlation = $"ie1:acme:{contact}:{number}";

        // Before the engine knows the wamid: a status without correlation names nothing yet (acknowledged, nothing stored)…
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Statuses(Status(wamid, "delivered", waId)))).StatusCode);
        // …one with its correlation finds the message; delivered arriving before sent, and twice.
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Statuses(Status(wamid, "delivered", waId, correlation), Status(wamid, "delivered", waId, correlation)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Statuses(Status(wamid, "sent", waId, correlation)))).StatusCode);
        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => x.TryGetProperty("delivery", out var d) && Str(d, "status") == "Delivered"), "delivered");
        var line = lines.Single(l => Str(l, "direction") == "Outbound");
        Assert.Equal("Delivered", Str(line.GetProperty("delivery"), "status")); // the late "sent" did not move it back
        Assert.Equal(wamid, Str(line, "channelMessageId"));

        // After: a status naming only the wamid resolves through the conversation's wamid map.
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Statuses(Status(wamid, "read", waId)))).StatusCode);
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => x.TryGetProperty("delivery", out var d) && Str(d, "status") == "Read"), "read");
    }

    [Fact]
    public async Task A_failed_status_with_an_unreachable_number_records_the_platform_error_and_a_channel_warning()
    {
        var waId = NewWaId();
        var run = NewRun();
        var contact = "+" + waId;
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Load("text-emoji", waId, run))).StatusCode);
        await engine.RouteToAgentAsync(contact);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a1", text = "hello" })).EnsureSuccessStatusCode();

        var failed = Statuses(Status($"wamid.{run}.OUT", "failed", waId, $"ie1:acme:{contact}:2", errorCode: 131026));
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(failed)).StatusCode);
        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => x.TryGetProperty("delivery", out var d) && Str(d, "status") == "Failed"), "failed");
        var error = lines.Single(l => Str(l, "direction") == "Outbound").GetProperty("delivery").GetProperty("error");
        Assert.Equal(131026, error.GetProperty("code").GetInt32());
        Assert.Equal("Message undeliverable", Str(error, "title"));

        var refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "a2", text = "again?" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("131026", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhatsApp_limits_are_checked_before_anything_is_sent()
    {
        var waId = NewWaId();
        var contact = Uri.EscapeDataString("+" + waId);
        Assert.Equal(HttpStatusCode.OK, (await engine.PostWebhookAsync(Load("text-emoji", waId, NewRun()))).StatusCode);
        await engine.RouteToAgentAsync("+" + waId, "r");
        using var agent = engine.Client(TestKeys.AcmeAgent1);

        var tooLong = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "l1", text = new string('a', 4097) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("4096", await tooLong.Content.ReadAsStringAsync());
        var gif = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new
        {
            clientMessageId = "l2", attachments = new[] { new { reference = "whatsapp-media:1", mimeType = "image/gif", sizeBytes = 1000 } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, gif.StatusCode);
        Assert.Contains("image/gif", await gif.Content.ReadAsStringAsync());
        var big = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new
        {
            clientMessageId = "l3", attachments = new[] { new { reference = "whatsapp-media:1", mimeType = "image/png", sizeBytes = 6 * 1024 * 1024 } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, big.StatusCode);
        var exactly = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "l4", text = new string('a', 4096) });
        Assert.Equal(HttpStatusCode.OK, exactly.StatusCode);
    }

    [Fact]
    public async Task A_journal_outage_is_503_so_Meta_retries_and_the_retry_is_one_message()
    {
        var waId = WebhookPayloads.NewWaId();
        var json = Load("text-emoji", waId, NewRun());
        HttpResponseMessage during;
        await using (var connection = new Npgsql.NpgsqlConnection(engine.ConnectionString))
        {
            await connection.OpenAsync();
            await using var outage = await connection.BeginTransactionAsync();
            await using (var lockJournal = new Npgsql.NpgsqlCommand("lock table journal in access exclusive mode", connection, outage))
                await lockJournal.ExecuteNonQueryAsync();
            during = await engine.PostWebhookAsync(json);
            await outage.RollbackAsync();
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);

        // Meta redelivers until it gets a 2xx; the wamid makes every copy the same message.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage retry;
        do
        {
            retry = await engine.PostWebhookAsync(json);
            if (retry.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await engine.TranscriptWhenAsync("+" + waId, l => l.Count >= 1, "the message");
        await Task.Delay(500);
        Assert.Single(await engine.TranscriptAsync("+" + waId));
    }
}

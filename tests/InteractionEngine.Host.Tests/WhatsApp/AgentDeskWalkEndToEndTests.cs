using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>
/// The agent desk's story in one walk over real HTTP with the emulator, as the seed tells it: the agent finds Rita in
/// the directory by a number typed as people type it, starts a WhatsApp interaction for her (she never wrote), sends
/// her a template filled from the directory after previewing it, Rita answers "Olá" with a photo of the damaged box,
/// the agent sees the photo, finds the answer by typing "ola", and another agent cannot clear the unread badge.
/// Every read after a command passes the command's position and must show its effect at once.
/// </summary>
public partial class WhatsAppEndToEndTests
{
    private static string PositionOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("position").GetString()!;

    /// <summary>
    /// A read that passes a position, as a client does it: 200 with the write's effect, or (the read side still behind after
    /// the server's bounded wait) 503 with Retry-After, asked again with the same position. Never a stale 200.
    /// </summary>
    private static async Task<JsonElement> ReadAtAsync(HttpClient client, string path, string position)
    {
        var url = path + (path.Contains('?') ? '&' : '?') + "position=" + Uri.EscapeDataString(position);
        for (var attempt = 1; ; attempt++)
        {
            var answer = await client.GetAsync(url); // the server waits up to ReadYourWrites:Timeout itself
            var body = await answer.Content.ReadAsStringAsync();
            if (answer.StatusCode == HttpStatusCode.ServiceUnavailable && answer.Headers.RetryAfter is not null && attempt < 10) continue;
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {(int)answer.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement;
        }
    }

    [Fact]
    public async Task The_agent_desk_walk_directory_start_template_photo_search_and_the_badge_only_its_agent_clears()
    {
        var waId = WebhookPayloads.NewWaId();
        var typed = $"{waId[3..6]} {waId[6..9]} {waId[9..]}"; // "912 345 678": the national number as an agent types it
        var contact = "rita-" + WebhookPayloads.NewRun();
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        using var agent2 = engine.Client(TestKeys.AcmeAgent2);

        // The directory: Rita is entered, then found by her number typed with spaces.
        var created = await agent.PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName = "Rita", lastName = "Sousa", phoneNumbers = new[] { new { number = "+" + waId, label = "mobile" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await engine.ReadSideCaughtUpAsync();
        var found = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/directory/contacts?q={Uri.EscapeDataString(typed)}")).RootElement;
        Assert.Contains(found.GetProperty("contacts").EnumerateArray(), c => Str(c, "contact") == contact);

        // "Create WhatsApp Interaction" for a contact who never wrote: routed to the agent who started it.
        var started = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", address = waId, clientMessageId = "walk-start" });
        var startedBody = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.OK, startedBody);
        var summary = await ReadAtAsync(agent, $"/api/v1/contacts/{contact}/summary", PositionOf(startedBody));
        Assert.Equal("agent-1", Str(summary, "agentId"));

        // The Notifications view: the template, its preview with the first name from the directory, then Send.
        var template = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/channels/whatsapp/templates/appointment_reminder")).RootElement;
        var english = template.GetProperty("versions").EnumerateArray().Single(v => Str(v, "language") == "en_US");
        Assert.Contains(english.GetProperty("fields").EnumerateArray(), f => Str(f, "field") == "contact.firstName" && f.GetProperty("filledFrom").ValueKind != JsonValueKind.Null);
        var values = new Dictionary<string, string> { ["appointment.with"] = "Dr. Silva", ["appointment.date"] = "2 December", ["appointment.time"] = "10:00" };
        var previewed = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new { template = "appointment_reminder", language = "en_US", values });
        var preview = JsonDocument.Parse(await previewed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        Assert.StartsWith("Hello Rita,", Str(preview.GetProperty("notification"), "body"));
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications", new { clientMessageId = "walk-n1", template = "appointment_reminder", language = "en_US", values });
        var sentBody = await sent.Content.ReadAsStringAsync();
        Assert.True(sent.StatusCode == HttpStatusCode.OK, sentBody);
        var transcript = await ReadAtAsync(agent, $"/api/v1/contacts/{contact}/transcript?order=OldestFirst", PositionOf(sentBody));
        Assert.Contains(transcript.GetProperty("lines").EnumerateArray(), l => Str(l, "kind") == "Notification"
            && Str(l.GetProperty("notification"), "body") == Str(preview.GetProperty("notification"), "body"));
        await EmulatorSendToAsync(contact, waId, "the notification accepted by the Cloud API");

        // Rita answers from that number with text and a photo: both land in her directory conversation.
        var photo = RandomNumberGenerator.GetBytes(30_000);
        photo[0] = 0xFF; photo[1] = 0xD8; photo[2] = 0xFF;
        await engine.Emulator.ContactWritesAsync(waId, new { profileName = "Rita S.", text = "Olá, a caixa chegou danificada" });
        await engine.Emulator.ContactWritesAsync(waId, new { image = new { mimeType = "image/jpeg", caption = "a caixa", base64 = Convert.ToBase64String(photo) } });
        var line = (await MediaLineAsync(contact, "Stored", "Rita's photo stored")).GetProperty("attachments")[0];
        var download = await agent.GetAsync($"/api/v1/attachments/{Str(line, "reference")["attachment:".Length..]}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(SHA256.HashData(photo), SHA256.HashData(await download.Content.ReadAsByteArrayAsync()));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // Search as a Portuguese contact center types it: no accent, lower case.
        await engine.ReadSideCaughtUpAsync();
        var hits = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript/search?q=ola")).RootElement;
        Assert.Contains(hits.GetProperty("hits").EnumerateArray(), h => Str(h.GetProperty("line"), "text") == "Olá, a caixa chegou danificada");

        // The badge belongs to agent-1: agent-2's read is refused and changes nothing; agent-1's clears it.
        summary = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/summary")).RootElement;
        Assert.Equal(2, summary.GetProperty("unreadCount").GetInt32());
        var number = summary.GetProperty("lastInboundMessageNumber").GetInt64();
        var refused = await agent2.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = number });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/summary")).RootElement.GetProperty("unreadCount").GetInt32());
        var read = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = number });
        var readBody = await read.Content.ReadAsStringAsync();
        Assert.True(read.StatusCode == HttpStatusCode.OK, readBody);
        summary = await ReadAtAsync(agent, $"/api/v1/contacts/{contact}/summary", PositionOf(readBody));
        Assert.Equal(0, summary.GetProperty("unreadCount").GetInt32());
    }
}

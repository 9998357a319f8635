using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>"Create WhatsApp Interaction" on the emulator: an agent starts with a directory contact who never wrote.</summary>
public partial class WhatsAppEndToEndTests
{
    [Fact]
    public async Task An_agent_starts_a_WhatsApp_interaction_for_a_directory_contact_who_never_wrote_and_owns_its_unread_badge()
    {
        var other = WebhookPayloads.NewWaId();
        var waId = WebhookPayloads.NewWaId();
        var contact = "rita-" + WebhookPayloads.NewRun();
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var created = await agent.PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName = "Rita", phoneNumbers = new[] { new { number = "+" + other, label = "home" }, new { number = "+" + waId, label = "mobile" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var started = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", address = waId, clientMessageId = "start-1" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications", new
        {
            clientMessageId = "n1", template = "appointment_reminder", language = "en_US",
            values = new Dictionary<string, string>
            {
                ["contact.firstName"] = "Rita", ["appointment.with"] = "Dr. Silva", ["appointment.date"] = "2 December", ["appointment.time"] = "10:00",
            },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Notification" && Delivery(x) is "Sent" or "Delivered" or "Read"),
            "the notification sent");
        var transcript = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript?order=OldestFirst")).RootElement;
        var opened = transcript.GetProperty("lines")[0];
        Assert.Equal(("InteractionOpened", "Agent", "agent-1", "+" + waId),
            (Str(opened, "kind"), Str(opened.GetProperty("author"), "party"), Str(opened.GetProperty("author"), "id"), Str(opened, "address")));
        // Sent to the number the agent chose, not the contact's first one.
        var sends = (await engine.Emulator.SendsAsync()).GetProperty("messages").EnumerateArray().Select(m => m.ToString()).ToList();
        Assert.Contains(sends, m => m.Contains(waId));
        Assert.DoesNotContain(sends, m => m.Contains(other));

        // The contact answers: the number leads to the directory contact's conversation, unread for agent-1 only.
        var wamid = Str(lines.Single(l => Str(l, "kind") == "Notification"), "channelMessageId");
        await engine.Emulator.ContactWritesAsync(waId, new { profileName = "Rita", text = "Sim, confirmo" });
        await engine.Emulator.ContactWritesAsync(waId, new { reaction = new { messageId = wamid, emoji = "👍" } });
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Reaction"), "the reaction");
        var summary = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/summary")).RootElement;
        Assert.Equal(1, summary.GetProperty("unreadCount").GetInt32()); // the reaction is not unread
        Assert.Equal("Sim, confirmo", Str(summary.GetProperty("lastMessage"), "text")); // nor the preview

        var number = summary.GetProperty("lastInboundMessageNumber").GetInt64();
        using var agent2 = engine.Client(TestKeys.AcmeAgent2);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent2.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = number })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/read", new { upToMessageNumber = number })).StatusCode);
    }

    [Fact]
    public async Task Free_form_is_refused_409_until_the_contact_writes_on_WhatsApp_then_it_is_delivered()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "joana-" + WebhookPayloads.NewRun();
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName = "Joana", phoneNumbers = new[] { new { number = "+" + waId } } }))
            .EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { channel = "WhatsApp", clientMessageId = "start-1" })).StatusCode);

        var refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "m1", text = "Olá Joana" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var detail = Str(JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement, "detail");
        Assert.Contains("never written on WhatsApp", detail);
        Assert.Contains("template", detail);

        // The contact writes through the emulator (which enforces the window too): the same free-form message now goes and is delivered.
        await engine.Emulator.ContactWritesAsync(waId, new { profileName = "Joana", text = "Bom dia" });
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "text") == "Bom dia"), "the contact's message");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "m2", text = "Olá Joana" })).StatusCode);
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "text") == "Olá Joana" && Delivery(x) is "Delivered" or "Read"), "the free-form message delivered");
    }
}

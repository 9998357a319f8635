using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>
/// Wrap-up codes and private notes over real HTTP: Done with a required code is refused without one and accepted with one;
/// a private note is not unread, not the preview, and never reaches the WhatsApp emulator.
/// </summary>
public partial class WhatsAppEndToEndTests
{
    [Fact]
    public async Task Done_is_refused_without_the_required_wrap_up_code_and_accepted_with_one()
    {
        var contact = "wrap-" + WebhookPayloads.NewRun();
        using var routing = engine.Client(TestKeys.GlobexRouting);
        using var agent = engine.Client(TestKeys.GlobexAgent1);
        (await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound",
            new { channel = "WebChat", channelMessageId = "web-1", text = "My order is late" })).EnsureSuccessStatusCode();
        (await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-1", reason = "skill:orders" }))
            .EnsureSuccessStatusCode();

        var codes = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/wrap-up-codes")).RootElement;
        Assert.True(codes.GetProperty("required").GetBoolean());
        Assert.Equal(["resolved:Resolved", "callback:Call back later"],
            codes.GetProperty("codes").EnumerateArray().Select(c => $"{Str(c, "code")}:{Str(c, "label")}").ToArray());

        await ProblemAsync(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { }), HttpStatusCode.UnprocessableEntity, "requires a wrap-up code");
        await ProblemAsync(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { wrapUpCode = "sold" }), HttpStatusCode.UnprocessableEntity,
            "not one of this tenant's wrap-up codes");
        await ProblemAsync(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { wrapUpCode = "resolved", wrapUpNote = new string('x', 2001) }),
            HttpStatusCode.UnprocessableEntity, "wrap-up note is longer");
        var live = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/summary")).RootElement;
        Assert.Equal("Active", Str(live, "status")); // nothing recorded

        var done = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { wrapUpCode = "callback", wrapUpNote = "ring after 5pm" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var position = Str(JsonDocument.Parse(await done.Content.ReadAsStringAsync()).RootElement, "position");

        var summary = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/summary?position={Uri.EscapeDataString(position)}")).RootElement;
        Assert.Equal("Done", Str(summary, "status"));
        var wrapUp = summary.GetProperty("lastWrapUp");
        Assert.Equal(("callback", "Call back later", "ring after 5pm"), (Str(wrapUp, "code"), Str(wrapUp, "label"), Str(wrapUp, "note")));
        var transcript = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript?order=OldestFirst")).RootElement;
        var doneLine = transcript.GetProperty("lines").EnumerateArray().Single(l => Str(l, "kind") == "Done");
        Assert.Equal(("callback", "Call back later", "ring after 5pm"), (Str(doneLine, "wrapUpCode"), Str(doneLine, "wrapUpLabel"), Str(doneLine, "wrapUpNote")));
    }

    [Fact]
    public async Task A_private_note_is_not_unread_not_the_preview_and_never_reaches_WhatsApp()
    {
        var waId = WebhookPayloads.NewWaId();
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var contact = Uri.EscapeDataString(await ContactWritesAndIsRoutedAsync(waId, "Olá, preciso de ajuda"));

        var note = "NOTE-" + WebhookPayloads.NewRun() + " cliente irritado, não prometer prazos";
        var added = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notes", new { clientMessageId = "note-1", text = note });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var retried = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notes", new { clientMessageId = "note-1", text = note });
        Assert.Equal("duplicate", Str(JsonDocument.Parse(await retried.Content.ReadAsStringAsync()).RootElement, "outcome"));
        await ProblemAsync(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notes", new { clientMessageId = "note-2", text = " " }),
            HttpStatusCode.UnprocessableEntity, "note text is required");
        await ProblemAsync(agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notes", new { text = "no id" }), HttpStatusCode.UnprocessableEntity, "clientMessageId");
        using var routing = engine.Client(TestKeys.AcmeRouting);
        Assert.Equal(HttpStatusCode.Forbidden, (await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/notes", new { clientMessageId = "n3", text = "x", agentId = "agent-1" })).StatusCode);

        // A message sent after the note is delivered: the dispatcher has passed the note's position without sending it.
        (await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "m1", text = "Vamos resolver já" })).EnsureSuccessStatusCode();
        var lines = await engine.TranscriptWhenAsync(Uri.UnescapeDataString(contact), l => l.Any(x => Str(x, "text") == "Vamos resolver já" && Delivery(x) is "Delivered" or "Read"),
            "the message after the note delivered");
        var sends = (await engine.Emulator.SendsAsync()).GetProperty("messages").EnumerateArray().Select(m => m.ToString()).ToList();
        Assert.Contains(sends, m => m.Contains("Vamos resolver já"));
        Assert.DoesNotContain(sends, m => m.Contains(note));

        var transcript = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript?order=OldestFirst")).RootElement;
        var noteLine = transcript.GetProperty("lines").EnumerateArray().Single(l => Str(l, "kind") == "Note");
        Assert.Equal((note, true), (Str(noteLine, "text"), noteLine.GetProperty("internal").GetBoolean()));
        var summary = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/summary")).RootElement;
        Assert.Equal(1, summary.GetProperty("unreadCount").GetInt32()); // the contact's one message, not the note
        Assert.Equal("Vamos resolver já", Str(summary.GetProperty("lastMessage"), "text"));
        var found = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript/search?q=irritado")).RootElement;
        Assert.Contains("Note", found.ToString());
    }

    private static async Task ProblemAsync(Task<HttpResponseMessage> request, HttpStatusCode status, string detailContains)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, body);
    }
}

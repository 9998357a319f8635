using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>
/// Over real HTTP with the emulator: a contact who only wrote on WhatsApp has a channel (Connected, "the contact wrote", their
/// number and the 24-hour window), and transcript lines and contact list rows name their authors at read time (the profile
/// name, then the directory name after it is added; agents from config Tenants:acme:Agents).
/// </summary>
public class WhatsAppNamesAndSenderTests(WhatsAppEmulatorEngine engine) : IClassFixture<WhatsAppEmulatorEngine>
{
    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_contact_who_only_wrote_has_a_connected_channel_with_their_number_and_an_open_window()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "+" + waId;
        await engine.Emulator.ContactWritesAsync(waId, new { profileName = "Rita Sousa", text = "Olá, só escrevi" });
        await engine.TranscriptWhenAsync(contact, l => l.Count == 1, "the contact's message");

        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var channel = await Json(await agent.GetAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/channels/whatsapp"));
        Assert.Equal(("Connected", "the contact wrote", contact, waId, waId),
            (Str(channel, "state"), Str(channel, "reason"), Str(channel, "phoneNumber"), Str(channel, "lastWroteFrom"), Str(channel, "address")));
        Assert.True(channel.GetProperty("reachable").GetBoolean());
        Assert.True(channel.GetProperty("customerServiceWindowOpen").GetBoolean());
        var wroteAt = channel.GetProperty("lastWroteAt").GetDateTimeOffset();
        Assert.Equal(wroteAt.AddHours(24), channel.GetProperty("customerServiceWindowClosesAt").GetDateTimeOffset());

        var list = await Json(await agent.GetAsync("/api/v1/channels/whatsapp/contacts?pageSize=500"));
        var row = list.GetProperty("contacts").EnumerateArray().Single(r => Str(r.GetProperty("contact"), "contact") == contact);
        Assert.Equal(("Connected", waId), (Str(row.GetProperty("whatsAppChannel"), "state"), Str(row.GetProperty("whatsAppChannel"), "lastWroteFrom")));
        var whatsApp = row.GetProperty("contact").GetProperty("whatsApp");
        Assert.Equal((waId, contact, "Rita Sousa"), (Str(whatsApp, "from"), Str(whatsApp, "phoneNumber"), Str(whatsApp, "profileName")));
    }

    [Fact]
    public async Task A_contact_with_no_whatsapp_is_404_with_a_problem()
    {
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var response = await agent.GetAsync($"/api/v1/contacts/nobody-{Guid.NewGuid():N}/channels/whatsapp");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Transcript_lines_and_contact_rows_name_the_contact_and_the_agent_and_a_directory_rename_shows_at_once()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "+" + waId;
        await engine.Emulator.ContactWritesAsync(waId, new { profileName = "Rita Sousa", text = "Preciso de ajuda" });
        await engine.TranscriptWhenAsync(contact, l => l.Count == 1, "the contact's message");
        await engine.RouteToAgentAsync(contact);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        (await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "n1", text = "Olá Rita" })).EnsureSuccessStatusCode();

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Count == 2, "the agent's message");
        string AuthorName(IEnumerable<JsonElement> of, string direction) => Str(of.Single(l => Str(l, "direction") == direction).GetProperty("author"), "name");
        Assert.Equal(("Rita Sousa", "Ana Costa"), (AuthorName(lines, "Inbound"), AuthorName(lines, "Outbound")));

        // The directory entry names the contact from now on, on lines written before it too: names are never stored.
        (await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName = "Rita", lastName = "Gomes" })).EnsureSuccessStatusCode();
        var renamed = await engine.TranscriptAsync(contact);
        Assert.Equal(("Rita Gomes", "Ana Costa"), (AuthorName(renamed, "Inbound"), AuthorName(renamed, "Outbound")));

        var list = await Json(await agent.GetAsync("/api/v1/contacts?pageSize=500"));
        var row = list.GetProperty("contacts").EnumerateArray().Single(r => Str(r, "contact") == contact);
        Assert.Equal(("Rita Gomes", "agent-1", "Ana Costa"), (Str(row, "displayName"), Str(row, "agentId"), Str(row, "agentName")));
        Assert.Equal(("agent-1", "Ana Costa"), (Str(row.GetProperty("lastMessage").GetProperty("author"), "id"), Str(row.GetProperty("lastMessage").GetProperty("author"), "name")));
    }
}

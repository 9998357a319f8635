using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>
/// Contact media end to end over real HTTP with the emulator process: the contact's photo is fetched in the background
/// after the webhook, stored, shown on the transcript line and served to the tenant's agents with nosniff; failures are
/// retried or recorded with their reason; shared contact cards are kept on the line.
/// </summary>
public partial class WhatsAppEndToEndTests
{
    private static JsonElement Fetch(JsonElement line, int index = 0) =>
        line.TryGetProperty("attachmentFetches", out var f) && f.ValueKind == JsonValueKind.Array && f.GetArrayLength() > index ? f[index] : default;

    private static string FetchStatus(JsonElement line, int index = 0) => Str(Fetch(line, index), "status");

    private async Task<JsonElement> MediaLineAsync(string contact, string status, string what) =>
        (await engine.TranscriptWhenAsync(contact, l => l.Any(x => FetchStatus(x) == status), what)).Single(x => FetchStatus(x) == status);

    [Fact]
    public async Task The_contacts_photo_is_fetched_in_the_background_and_the_agent_gets_the_same_bytes_with_nosniff()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "+" + waId;
        var photo = RandomNumberGenerator.GetBytes(48_000);
        photo[0] = 0xFF; photo[1] = 0xD8; photo[2] = 0xFF;
        var sent = await engine.Emulator.ContactWritesAsync(waId, new
        {
            profileName = "Ana", image = new { mimeType = "image/jpeg", caption = "a caixa danificada", base64 = Convert.ToBase64String(photo) },
        });
        // The webhook carries the real sha256 and mime type.
        var announced = sent.GetProperty("payload").GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("messages")[0].GetProperty("image");
        Assert.Equal((Convert.ToBase64String(SHA256.HashData(photo)), "image/jpeg"), (Str(announced, "sha256"), Str(announced, "mime_type")));

        var line = await MediaLineAsync(contact, "Stored", "the photo stored");
        var attachment = line.GetProperty("attachments")[0];
        var reference = Str(attachment, "reference");
        Assert.StartsWith("attachment:", reference);
        Assert.Equal((48_000L, "image/jpeg", "a caixa danificada"), (attachment.GetProperty("sizeBytes").GetInt64(), Str(attachment, "mimeType"), Str(attachment, "caption")));
        Assert.StartsWith("whatsapp-media:", Str(Fetch(line), "channelReference"));

        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var download = await agent.GetAsync($"/api/v1/attachments/{reference["attachment:".Length..]}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(SHA256.HashData(photo), SHA256.HashData(await download.Content.ReadAsByteArrayAsync()));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", download.Content.Headers.ContentDisposition?.DispositionType);

        using var otherTenant = engine.Client(TestKeys.GlobexAgent1);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTenant.GetAsync($"/api/v1/attachments/{reference["attachment:".Length..]}")).StatusCode);
    }

    [Fact]
    public async Task A_document_whose_first_download_fails_is_retried_and_served_as_a_download()
    {
        var waId = WebhookPayloads.NewWaId();
        (await engine.Emulator.Http.PostAsJsonAsync("/emulator/faults", new { mediaServerErrorNext = 1 })).EnsureSuccessStatusCode();
        await engine.Emulator.ContactWritesAsync(waId, new { document = new { fileName = "../fatura março.pdf", mimeType = "application/pdf" } });

        var line = await MediaLineAsync("+" + waId, "Stored", "the document stored after a retry");
        Assert.Equal(2, Fetch(line).GetProperty("attempts").GetInt32());
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var download = await agent.GetAsync($"/api/v1/attachments/{Str(line.GetProperty("attachments")[0], "reference")["attachment:".Length..]}");
        Assert.Equal(("attachment", "application/pdf"), (download.Content.Headers.ContentDisposition?.DispositionType, download.Content.Headers.ContentType?.MediaType));
        Assert.Equal("fatura março.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Expired_media_is_shown_failed_with_its_reason_and_a_shared_contact_card_is_kept()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "+" + waId;
        // Media the emulator does not hold (expired long ago at Meta), then a contact card.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var webhook = WebhookPayloads.Messages(waId, "Ana",
            new { from = waId, id = $"wamid.exp{waId}", timestamp = now, type = "image",
                  image = new { id = "9990000000001", mime_type = "image/jpeg", sha256 = "q83vEjRWeJA=" } },
            new { from = waId, id = $"wamid.card{waId}", timestamp = now, type = "contacts",
                  contacts = new[] { new { name = new { formatted_name = "Rita Sousa" }, phones = new[] { new { phone = "+351 912 345 678", wa_id = "351912345678", type = "CELL" } } } } });
        (await engine.Emulator.Http.PostAsJsonAsync("/emulator/webhooks", webhook)).EnsureSuccessStatusCode();

        var failed = await MediaLineAsync(contact, "Failed", "the expired media recorded failed");
        Assert.Contains("expired or is unknown", Str(Fetch(failed), "reason"));
        Assert.Equal(1, Fetch(failed).GetProperty("attempts").GetInt32()); // final at once: not retried
        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "channelMessageType") == "contacts"), "the contact card");
        var card = lines.Single(x => Str(x, "channelMessageType") == "contacts").GetProperty("shared").GetProperty("contacts")[0];
        Assert.Equal(("Rita Sousa", "351912345678"), (Str(card, "name"), Str(card.GetProperty("phones")[0], "waId")));
    }

    [Fact]
    public async Task A_media_url_on_a_foreign_host_fails_without_the_token_and_a_shared_location_is_found_by_search()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = "+" + waId;
        (await engine.Emulator.Http.PostAsJsonAsync("/emulator/faults", new { mediaForeignHostNext = 1 })).EnsureSuccessStatusCode();
        await engine.Emulator.ContactWritesAsync(waId, new { document = new { fileName = "fatura.pdf", mimeType = "application/pdf" } });

        var failed = await MediaLineAsync(contact, "Failed", "the media on a foreign host recorded failed");
        Assert.Contains("media.foreign.invalid, which is not an allowed download host", Str(Fetch(failed), "reason"));
        Assert.Equal(1, Fetch(failed).GetProperty("attempts").GetInt32()); // final at once: not retried

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var webhook = WebhookPayloads.Messages(waId, "Ana", new
        {
            from = waId, id = $"wamid.loc{waId}", timestamp = now, type = "location",
            location = new { latitude = 38.7139, longitude = -9.1394, name = "Armazém Central", address = "Rua Augusta 100, Lisboa" },
        });
        (await engine.Emulator.Http.PostAsJsonAsync("/emulator/webhooks", webhook)).EnsureSuccessStatusCode();
        await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "channelMessageType") == "location"), "the shared location");

        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var hits = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript/search?q=armazem%20augusta")).RootElement.GetProperty("hits");
        var line = Assert.Single(hits.EnumerateArray()).GetProperty("line");
        var location = line.GetProperty("shared").GetProperty("location");
        Assert.Equal(("Armazém Central", 38.7139), (Str(location, "name"), location.GetProperty("latitude").GetDouble()));
    }
}

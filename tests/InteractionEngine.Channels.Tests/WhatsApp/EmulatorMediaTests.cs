using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Media;

namespace InteractionEngine.Channels.Tests.WhatsApp;

/// <summary>The emulator serves the media a contact sends to the engine's client: lookup and download, expiry, transient errors.</summary>
public class EmulatorMediaTests
{
    private static async Task<(string MediaId, string Sha256)> ContactSendsDocumentAsync(EmulatorEnvironment env, byte[] bytes)
    {
        var response = await env.Http.PostAsJsonAsync("/emulator/contacts/351912345678/messages",
            new { document = new { fileName = "fatura.pdf", mimeType = "application/pdf", base64 = Convert.ToBase64String(bytes) } });
        response.EnsureSuccessStatusCode();
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("payload").GetProperty("entry")[0]
            .GetProperty("changes")[0].GetProperty("value").GetProperty("messages")[0].GetProperty("document");
        Assert.Equal(("fatura.pdf", "application/pdf"), (document.GetProperty("filename").GetString(), document.GetProperty("mime_type").GetString()));
        return (document.GetProperty("id").GetString()!, document.GetProperty("sha256").GetString()!);
    }

    [Fact]
    public async Task A_contacts_document_downloads_with_the_webhooks_sha256_until_it_expires()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var bytes = "%PDF-1.4 fatura de março"u8.ToArray();
        var (mediaId, sha256) = await ContactSendsDocumentAsync(env, bytes);

        var fetched = Assert.IsType<MediaDownload.Fetched>(await env.Client().DownloadMediaAsync(mediaId, 1024));
        Assert.Equal(bytes, fetched.Content);
        Assert.Null(MediaChecksum.Problem(sha256, fetched.Content));
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), sha256);

        (await env.Http.PostAsync($"/emulator/media/{mediaId}/expire", null)).EnsureSuccessStatusCode();
        var expired = Assert.IsType<MediaDownload.Failed>(await env.Client().DownloadMediaAsync(mediaId, 1024));
        Assert.False(expired.Retryable);
        Assert.Contains("expired or is unknown", expired.Reason);
    }

    [Fact]
    public async Task A_media_server_error_is_retryable_and_a_file_over_the_limit_is_refused_before_download()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var (mediaId, _) = await ContactSendsDocumentAsync(env, new byte[2048]);
        (await env.Http.PostAsJsonAsync("/emulator/faults", new { mediaServerErrorNext = 1 })).EnsureSuccessStatusCode();

        Assert.True(Assert.IsType<MediaDownload.Failed>(await env.Client().DownloadMediaAsync(mediaId, 4096)).Retryable);
        var tooLarge = Assert.IsType<MediaDownload.Failed>(await env.Client().DownloadMediaAsync(mediaId, 1024));
        Assert.Equal((false, true), (tooLarge.Retryable, tooLarge.Reason.Contains("2048 bytes")));
    }

    [Theory]
    [InlineData("mediaForeignHostNext", "the media url is on media.foreign.invalid")]
    [InlineData("mediaRedirectNext", "the media download redirected to media.foreign.invalid")]
    public async Task A_media_url_or_redirect_to_a_foreign_host_fails_without_sending_the_token(string fault, string reason)
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var bytes = "%PDF-1.4 fatura"u8.ToArray();
        var (mediaId, _) = await ContactSendsDocumentAsync(env, bytes);
        (await env.Http.PostAsJsonAsync("/emulator/faults", new Dictionary<string, int> { [fault] = 1 })).EnsureSuccessStatusCode();
        var client = env.RegisteredClient();

        var refused = Assert.IsType<MediaDownload.Failed>(await client.DownloadMediaAsync(mediaId, 1024));
        Assert.False(refused.Retryable);
        Assert.Contains(reason + ", which is not an allowed download host", refused.Reason);
        Assert.Contains("the access token was not sent", refused.Reason);

        // The fault was one-off: the next fetch gets the file from the emulator (the Graph host is always allowed).
        Assert.Equal(bytes, Assert.IsType<MediaDownload.Fetched>(await client.DownloadMediaAsync(mediaId, 1024)).Content);
    }
}

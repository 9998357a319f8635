using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.WhatsApp;

/// <summary>Images the engine holds go to WhatsApp's media endpoint first, then out by media id (the Cloud API's two steps).</summary>
public class MediaUploadTests
{
    private const string Ana = "+351912345678";

    /// <summary>A buffer that starts like a JPEG (what WhatsApp and the emulator sniff), padded to <paramref name="size"/>.</summary>
    internal static byte[] Jpeg(int size)
    {
        var bytes = new byte[size];
        byte[] signature = [0xFF, 0xD8, 0xFF, 0xE0];
        signature.AsSpan(0, Math.Min(size, signature.Length)).CopyTo(bytes);
        return bytes;
    }

    internal static byte[] Png(int size)
    {
        var bytes = new byte[size];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.AsSpan(0, Math.Min(size, signature.Length)).CopyTo(bytes);
        return bytes;
    }

    [Fact]
    public async Task An_image_is_uploaded_as_multipart_then_sent_by_its_media_id_with_the_caption()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var image = new ImageContent(Png(3_000), "image/png", "receipt.png");
        var result = await env.Client().SendImageAsync(Ana, image, "Your receipt 🧾", new SendOptions(Correlation: new OutboundCorrelation(new ConversationId("acme", Ana), 4)));

        Assert.IsType<SendResult.Accepted>(result);
        var upload = Assert.Single(env.State.Uploads);
        Assert.Equal((EmulatorEnvironment.PhoneNumberId, "image/png", 3_000L), (upload.PhoneNumberId, upload.MimeType, upload.SizeBytes));
        var sent = Assert.Single(env.State.Accepted);
        Assert.Equal("image", sent.Type);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"id":"{{upload.Id}}","caption":"Your receipt 🧾"}"""), sent.Body["image"]), sent.Body.ToJsonString());

        // The media is WhatsApp's now: it can be looked up by id, with its size and hash.
        var info = await env.Client().GetMediaInfoAsync(upload.Id);
        Assert.Equal(("image/png", 3_000L), (info!.MimeType, info.FileSize));
    }

    [Theory]
    [InlineData("image/gif", 1_000, "image/gif")]
    [InlineData("image/webp", 1_000, "image/webp")]
    [InlineData("image/png", 5 * 1024 * 1024 + 1, "5 MB")]
    [InlineData("image/png", 0, "empty")]
    public async Task Whatsapp_image_limits_are_checked_before_the_upload(string mime, int size, string reason)
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var result = await env.Client().SendImageAsync(Ana, new ImageContent(Png(size), mime), "caption");

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.Equal((SendFailure.RefusedBeforeSend, WhatsAppErrorCodes.RefusedBeforeSend), (failed.Kind, failed.Error.Code));
        Assert.Contains(reason, failed.Error.Details);
        Assert.Equal((0, 0), (env.State.ReceivedUploads, env.State.ReceivedSends));
    }

    [Fact]
    public async Task Content_that_is_not_what_its_type_says_is_refused_before_the_upload()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var failed = Assert.IsType<SendResult.Failed>(await env.Client().SendImageAsync(Ana, new ImageContent(Png(500), "image/jpeg"), null));
        Assert.Contains("not image/jpeg", failed.Error.Details);
        Assert.Equal(0, env.State.ReceivedUploads);
    }

    [Fact]
    public async Task A_failed_upload_sends_no_message_and_returns_the_platform_error()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var result = await env.Client().SendImageAsync(Ana, new ImageContent(Jpeg(100), "image/jpeg"), null, new SendOptions(PhoneNumberId: "999"));

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.Equal((SendFailure.Rejected, 100, 33), (failed.Kind, failed.Error.Code, failed.Error.Subcode));
        Assert.Equal(0, env.State.ReceivedSends);
    }

    [Fact]
    public async Task A_throttled_or_failing_upload_is_retried_since_a_second_copy_is_harmless()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        env.State.SetFaults(rateLimitNext: 1, serverErrorNext: 1);
        var upload = await env.Client().UploadImageAsync(new ImageContent(Jpeg(100), "image/jpeg"));

        Assert.True(upload.Succeeded);
        Assert.Equal(3, upload.Attempts);
        Assert.StartsWith(WhatsAppMedia.ReferencePrefix, upload.Reference);
        Assert.Single(env.State.Uploads);
    }

    [Theory]
    [InlineData("image/gif", 1_000, false, 100, "Received file of type 'image/gif'")]
    [InlineData("image/jpeg", 5 * 1024 * 1024 + 1, false, 131053, "5 MB")]
    [InlineData("image/jpeg", 1_000, true, 131053, "could not be processed as image/jpeg")]
    public async Task The_emulator_enforces_metas_image_limits_with_metas_error_shape(string type, int size, bool wrongContent, int code, string detail)
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("whatsapp"), "messaging_product" },
            { new StringContent(type), "type" },
        };
        var file = new ByteArrayContent(wrongContent ? Png(size) : Jpeg(size));
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "file", "picture");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v21.0/{EmulatorEnvironment.PhoneNumberId}/media") { Content = form };
        request.Headers.Authorization = new("Bearer", EmulatorEnvironment.Token);
        using var response = await env.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(code, (int)error["code"]!);
        Assert.Equal("OAuthException", (string)error["type"]!);
        Assert.False(string.IsNullOrEmpty((string?)error["fbtrace_id"]));
        Assert.Contains(detail, error.ToJsonString().Replace("\\u0027", "'"));
        Assert.Empty(env.State.Uploads);
    }

    [Fact]
    public async Task The_emulator_refuses_an_upload_without_a_token_or_messaging_product()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        using var noToken = await env.Http.PostAsync($"/v21.0/{EmulatorEnvironment.PhoneNumberId}/media", new MultipartFormDataContent());
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Jpeg(10)), "file", "a.jpg" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v21.0/{EmulatorEnvironment.PhoneNumberId}/media") { Content = form };
        request.Headers.Authorization = new("Bearer", EmulatorEnvironment.Token);
        using var response = await env.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("messaging_product", await response.Content.ReadAsStringAsync());
    }
}

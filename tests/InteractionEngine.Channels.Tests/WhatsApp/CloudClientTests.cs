using System.Text;
using System.Text.Json.Nodes;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.WhatsAppEmulator;

namespace InteractionEngine.Channels.Tests.WhatsApp;

/// <summary>The client against the emulator over real HTTP on 127.0.0.1.</summary>
public class CloudClientTests
{
    private const string Ana = "+351912345678";

    [Fact]
    public async Task A_text_is_accepted_with_a_wamid_and_sent_in_the_cloud_api_shape()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var correlation = new OutboundCorrelation(new ConversationId("acme", Ana), 2);
        var result = await env.Client().SendTextAsync(Ana, "Olá Ana 😀", new SendOptions(ReplyToWamid: "wamid.IN1", Correlation: correlation));

        var accepted = Assert.IsType<SendResult.Accepted>(result);
        Assert.StartsWith("wamid.", accepted.Wamid);
        Assert.Equal("351912345678", accepted.RecipientWaId);
        Assert.Equal(1, accepted.Attempts);
        var sent = Assert.Single(env.State.Accepted);
        Assert.Equal(accepted.Wamid, sent.Wamid);
        var expected = JsonNode.Parse("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+351912345678","type":"text",
             "text":{"body":"Olá Ana 😀","preview_url":false},"context":{"message_id":"wamid.IN1"},
             "biz_opaque_callback_data":"ie1:acme:+351912345678:2"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, sent.Body), sent.Body.ToJsonString());
    }

    [Fact]
    public async Task An_unreachable_number_fails_with_131026_and_is_not_retried()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => { o.UnreachableNumbers = ["15550009999"]; o.UnreachableMode = UnreachableMode.Response; });
        var result = await env.Client().SendTextAsync("+15550009999", "Are you there?");

        var failed = Assert.IsType<SendResult.Failed>(result);
        Assert.Equal(SendFailure.Rejected, failed.Kind);
        Assert.False(failed.Retryable);
        Assert.Equal(400, failed.HttpStatus);
        Assert.Equal(new DeliveryError(131026, "Message undeliverable", "Message Undeliverable."), failed.ToDeliveryError());
        Assert.Equal("OAuthException", failed.Error.Type);
        Assert.False(string.IsNullOrEmpty(failed.Error.FbTraceId));
        Assert.Equal(1, env.State.ReceivedSends);
        Assert.Empty(env.State.Accepted);
    }

    [Fact]
    public async Task A_recipient_outside_the_allowed_list_fails_with_131030()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => o.AllowedRecipients = ["+351912345678"]);
        var failed = Assert.IsType<SendResult.Failed>(await env.Client().SendTextAsync("+447700900456", "Hello"));
        Assert.Equal(131030, failed.Error.Code);
        Assert.Equal("Recipient phone number not in allowed list", failed.Error.Title);
        Assert.IsType<SendResult.Accepted>(await env.Client().SendTextAsync(Ana, "Hello"));
    }

    [Fact]
    public async Task Rate_limited_sends_are_retried_with_backoff_and_accepted_once()
    {
        await using var env = await EmulatorEnvironment.StartAsync(o => o.RateLimitNext = 2);
        var result = await env.Client().SendTextAsync(Ana, "after the storm");

        var accepted = Assert.IsType<SendResult.Accepted>(result);
        Assert.Equal(3, accepted.Attempts);
        Assert.Equal(3, env.State.ReceivedSends);   // two 429s, then the send
        Assert.Single(env.State.Accepted);           // one message, never two
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_but_attempts_are_bounded()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        env.State.SetFaults(rateLimitNext: 0, serverErrorNext: 10);
        var failed = Assert.IsType<SendResult.Failed>(await env.Client(o => o.MaxAttempts = 3).SendTextAsync(Ana, "hello?"));

        Assert.Equal((SendFailure.Rejected, 1, 500, true, 3), (failed.Kind, failed.Error.Code, failed.HttpStatus, failed.Retryable, failed.Attempts));
        Assert.Equal(3, env.State.ReceivedSends);
        Assert.Empty(env.State.Accepted);
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_graph_error_and_not_retried()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var failed = Assert.IsType<SendResult.Failed>(await env.Client(o => o.AccessToken = "expired").SendTextAsync(Ana, "hi"));
        Assert.Equal((190, 401, false, 1), (failed.Error.Code, failed.HttpStatus, failed.Retryable, failed.Attempts));
    }

    [Fact]
    public async Task Whatsapp_limits_are_checked_before_anything_is_sent()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var client = env.Client();
        var results = new[]
        {
            await client.SendTextAsync(Ana, new string('a', 4097)),
            await client.SendTextAsync(Ana, "  "),
            await client.SendTextAsync("12", "hi"),
            await client.SendImageAsync(Ana, new Attachment("whatsapp-media:123", "image/gif", 1000)),
            await client.SendImageAsync(Ana, new Attachment("whatsapp-media:123", "image/png", 5 * 1024 * 1024 + 1)),
            await client.SendImageAsync(Ana, new Attachment("/tmp/local.png", "image/png", 1000)),
        };
        Assert.All(results, r =>
        {
            var failed = Assert.IsType<SendResult.Failed>(r);
            Assert.Equal((SendFailure.RefusedBeforeSend, WhatsAppErrorCodes.RefusedBeforeSend, 0), (failed.Kind, failed.Error.Code, failed.Attempts));
        });
        Assert.Contains("4096", ((SendResult.Failed)results[0]).Error.Details);
        Assert.Contains("image/gif", ((SendResult.Failed)results[3]).Error.Details);
        Assert.Equal(0, env.State.ReceivedSends);
        Assert.IsType<SendResult.Accepted>(await client.SendTextAsync(Ana, new string('a', 4096)));
    }

    [Fact]
    public async Task Images_go_by_media_id_or_link_with_their_caption()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var client = env.Client();
        var upload = await client.UploadImageAsync(new ImageContent(MediaUploadTests.Jpeg(2_000), "image/jpeg", "receipt.jpg"));
        Assert.IsType<SendResult.Accepted>(await client.SendImageAsync(Ana, new Attachment(upload.Reference!, "image/jpeg", 2_000, Caption: "Your receipt")));
        Assert.IsType<SendResult.Accepted>(await client.SendImageAsync(Ana, new Attachment("https://cdn.example.com/r.png", "image/png", 1_000)));
        var images = env.State.Accepted.Select(m => m.Body["image"]!.ToJsonString()).ToList();
        Assert.Equal([$$"""{"id":"{{upload.MediaId}}","caption":"Your receipt"}""", """{"link":"https://cdn.example.com/r.png"}"""], images);

        // A media id WhatsApp does not hold is refused by the platform (error 100), as the Cloud API does.
        var unknown = Assert.IsType<SendResult.Failed>(await client.SendImageAsync(Ana, new Attachment("whatsapp-media:1456789012345678", "image/jpeg", 182_004)));
        Assert.Equal((100, 400), (unknown.Error.Code, unknown.HttpStatus));
        Assert.Contains("media attachment ID", unknown.Error.Details);
    }

    [Fact]
    public async Task A_template_is_checked_by_the_platform_against_its_approved_templates()
    {
        var catalog = Path.Combine(AppContext.BaseDirectory, "whatsapp-templates.json");
        await using var env = await EmulatorEnvironment.StartAsync(o => o.TemplatesPath = catalog);
        var client = env.Client();

        var ok = await client.SendTemplateAsync(Ana, "appointment_reminder", "en_US", null,
            [TemplateParameter.ForText("Ana"), TemplateParameter.ForText("Dr. Costa"), TemplateParameter.ForText("12 June"), TemplateParameter.ForText("10:30")],
            [new TemplateButtonParameter(0, TemplateButtonParameterKind.QuickReplyPayload, "APPOINTMENT_CONFIRM")]);
        Assert.IsType<SendResult.Accepted>(ok);
        var template = env.State.Accepted.Single().Body["template"]!;
        Assert.Equal("""{"type":"button","parameters":[{"type":"payload","payload":"APPOINTMENT_CONFIRM"}],"sub_type":"quick_reply","index":"0"}""",
            template["components"]![1]!.ToJsonString());

        var unknown = Assert.IsType<SendResult.Failed>(await client.SendTemplateAsync(Ana, "no_such_template", "en_US", null, [], []));
        Assert.Equal((132001, 404), (unknown.Error.Code, unknown.HttpStatus));
        var pending = Assert.IsType<SendResult.Failed>(await client.SendTemplateAsync(Ana, "loyalty_welcome", "en_US", null, [], []));
        Assert.Equal(132001, pending.Error.Code);
        var short1 = Assert.IsType<SendResult.Failed>(await client.SendTemplateAsync(Ana, "appointment_reminder", "en_US", null, [TemplateParameter.ForText("Ana")], []));
        Assert.Equal(132000, short1.Error.Code);
        Assert.Contains("(1)", short1.Error.Details);
    }

    [Theory]
    [InlineData("""{"to":"351912345678","type":"text","text":{"body":"x"}}""", "messaging_product")]
    [InlineData("""{"messaging_product":"whatsapp","type":"text","text":{"body":"x"}}""", "parameter to")]
    [InlineData("""{"messaging_product":"whatsapp","to":"351912345678","type":"text","text":{}}""", "text['body']")]
    [InlineData("""{"messaging_product":"whatsapp","to":"351912345678","type":"image","image":{"id":"1","link":"https://x.example/a.png"}}""", "exactly one of id or link")]
    [InlineData("""{"messaging_product":"whatsapp","to":"351912345678","type":"hologram"}""", "hologram")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task The_emulator_answers_bad_bodies_with_error_100_naming_the_parameter(string body, string detail)
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v21.0/{EmulatorEnvironment.PhoneNumberId}/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", EmulatorEnvironment.Token);
        using var response = await env.Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(100, (int)error["code"]!);
        Assert.Equal("(#100) Invalid parameter", (string)error["message"]!);
        Assert.Contains(detail, (string)error["error_data"]!["details"]!);
    }

    [Fact]
    public async Task An_unknown_phone_number_id_is_a_graph_method_error()
    {
        await using var env = await EmulatorEnvironment.StartAsync();
        var failed = Assert.IsType<SendResult.Failed>(await env.Client().SendTextAsync(Ana, "hi", new SendOptions(PhoneNumberId: "999")));
        Assert.Equal((100, 33, "GraphMethodException"), (failed.Error.Code, failed.Error.Subcode, failed.Error.Type));
    }
}

using System.Security.Cryptography;
using System.Text;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp.Webhooks;

namespace InteractionEngine.Channels.Tests.WhatsApp;

public class WebhookSignatureTests
{
    private const string Secret = "6c8b1f0e2a4d4e7f9a0b1c2d3e4f5a6b";
    private static readonly byte[] Body = Payloads.Bytes("text-emoji.json");

    // Computed independently of the code under test.
    private static string Expected(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public void Valid_signature_of_the_raw_bytes_is_accepted_in_either_hex_case()
    {
        Assert.True(WebhookSignature.IsValid(Body, Expected(Body, Secret), Secret));
        Assert.True(WebhookSignature.IsValid(Body, Expected(Body, Secret).ToUpperInvariant().Replace("SHA256=", "sha256="), Secret));
        Assert.Equal(Expected(Body, Secret), WebhookSignature.Compute(Body, Secret));
    }

    [Fact]
    public void A_changed_body_or_another_secret_is_refused()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 0x01;
        Assert.False(WebhookSignature.IsValid(tampered, Expected(Body, Secret), Secret));
        Assert.False(WebhookSignature.IsValid(Body, Expected(Body, "another-secret"), Secret));
        // Re-serialising the JSON changes the bytes: only the body as received verifies.
        var reformatted = Encoding.UTF8.GetBytes(System.Text.Json.JsonDocument.Parse(Body).RootElement.GetRawText().Replace("\n", ""));
        Assert.False(WebhookSignature.IsValid(reformatted, Expected(Body, Secret), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256=zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256=00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256=000000000000000000000000000000000000000000000000000000000000000000")]
    public void Missing_malformed_or_wrongly_prefixed_headers_are_refused(string? header) =>
        Assert.False(WebhookSignature.IsValid(Body, header, Secret));

    [Fact]
    public void An_empty_app_secret_never_validates() =>
        Assert.False(WebhookSignature.IsValid(Body, Expected(Body, ""), ""));
}

public class WebhookVerificationTests
{
    [Fact]
    public void Subscribe_with_the_right_token_answers_the_challenge() =>
        Assert.Equal("1158201444", WebhookVerification.Answer("subscribe", "meatyhamhock", "1158201444", "meatyhamhock"));

    [Theory]
    [InlineData("subscribe", "wrong", "1158201444")]
    [InlineData("subscribe", null, "1158201444")]
    [InlineData("unsubscribe", "meatyhamhock", "1158201444")]
    [InlineData(null, "meatyhamhock", "1158201444")]
    [InlineData("subscribe", "meatyhamhock", "")]
    [InlineData("subscribe", "meatyhamhock", null)]
    public void Anything_else_is_refused(string? mode, string? token, string? challenge) =>
        Assert.Null(WebhookVerification.Answer(mode, token, challenge, "meatyhamhock"));

    [Fact]
    public void An_unconfigured_verify_token_refuses_everyone() =>
        Assert.Null(WebhookVerification.Answer("subscribe", "", "1158201444", ""));
}

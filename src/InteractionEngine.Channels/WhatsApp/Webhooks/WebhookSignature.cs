using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>
/// Meta signs every webhook POST with <c>X-Hub-Signature-256: sha256={hex}</c>, the HMAC-SHA256 of the raw body
/// bytes keyed with the app secret. Verify the bytes as received, before any parsing or re-encoding.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";
    private const int DigestBytes = 32;

    public static bool IsValid(byte[] rawBody, string? header, string appSecret) =>
        IsValid(rawBody.AsSpan(), header, appSecret);

    public static bool IsValid(ReadOnlySpan<byte> rawBody, string? header, string appSecret)
    {
        // An empty secret would make every forged body "valid" for anyone who also knows it is empty.
        if (string.IsNullOrEmpty(appSecret) || header is null) return false;
        var value = header.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || value.Length != Prefix.Length + DigestBytes * 2) return false;

        Span<byte> claimed = stackalloc byte[DigestBytes];
        if (Convert.FromHexString(value[Prefix.Length..], claimed, out _, out var written) != OperationStatus.Done || written != DigestBytes)
            return false;
        Span<byte> expected = stackalloc byte[DigestBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, claimed);
    }

    /// <summary>The header value Meta would send for <paramref name="rawBody"/> (used by tests and tools).</summary>
    public static string Compute(ReadOnlySpan<byte> rawBody, string appSecret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), rawBody));
}

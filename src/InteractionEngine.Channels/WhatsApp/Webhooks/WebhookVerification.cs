using System.Security.Cryptography;
using System.Text;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>
/// The GET handshake Meta makes when a webhook URL is configured:
/// <c>?hub.mode=subscribe&amp;hub.verify_token=…&amp;hub.challenge=…</c>. Answer 200 with the challenge as the
/// body when the token matches, 403 otherwise.
/// </summary>
public static class WebhookVerification
{
    /// <summary>The challenge to echo, or null when the request must be refused (403).</summary>
    public static string? Answer(string? mode, string? verifyToken, string? challenge, string expectedToken)
    {
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge) || string.IsNullOrEmpty(expectedToken) || verifyToken is null)
            return null;
        // Constant time, as for the signature: the verify token is a shared secret too.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(verifyToken), Encoding.UTF8.GetBytes(expectedToken))
            ? challenge
            : null;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace InteractionEngine.Host.Security;

/// <summary>
/// One API key as configured under Auth:Credentials. Only the SHA-256 of the secret is stored: keys are
/// long random strings, so a fast hash is enough (unlike passwords) and keeps per-request cost negligible.
/// </summary>
public sealed class ApiCredential
{
    public string KeyId { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>For the agent role: the agent this key acts as.</summary>
    public string? AgentId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the secret part of the key.</summary>
    public string SecretSha256 { get; set; } = "";
}

public sealed class AuthOptions
{
    public List<ApiCredential> Credentials { get; set; } = [];
}

/// <summary>Keys look like <c>ie.{keyId}.{secret}</c>: the id finds the credential, the secret proves it.</summary>
public static class ApiKeys
{
    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool TryParse(string key, out string keyId, out string secret)
    {
        keyId = secret = "";
        var parts = key.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "ie" || parts[1].Length == 0 || parts[2].Length < 16) return false;
        (keyId, secret) = (parts[1], parts[2]);
        return true;
    }

    public static bool SecretMatches(ApiCredential credential, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(credential.SecretSha256.ToLowerInvariant()));

    /// <summary>Rejects configuration that would let a request in under the wrong tenant or role.</summary>
    public static void Validate(AuthOptions options)
    {
        foreach (var c in options.Credentials)
        {
            if (string.IsNullOrWhiteSpace(c.KeyId) || string.IsNullOrWhiteSpace(c.Tenant))
                throw new InvalidOperationException("Auth:Credentials: every credential needs a KeyId and a Tenant");
            if (!Roles.All.Contains(c.Role))
                throw new InvalidOperationException($"Auth:Credentials '{c.KeyId}': role '{c.Role}' is not one of {string.Join(", ", Roles.All)}");
            if (c.Role == Roles.Agent && string.IsNullOrWhiteSpace(c.AgentId))
                throw new InvalidOperationException($"Auth:Credentials '{c.KeyId}': an agent key needs an AgentId");
            if (c.SecretSha256.Length != 64 || !c.SecretSha256.All(Uri.IsHexDigit))
                throw new InvalidOperationException($"Auth:Credentials '{c.KeyId}': SecretSha256 must be 64 hex characters");
        }
        var duplicate = options.Credentials.GroupBy(c => c.KeyId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Auth:Credentials: key id '{duplicate.Key}' appears twice");
    }
}

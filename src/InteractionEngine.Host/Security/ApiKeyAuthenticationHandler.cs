using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Security;

/// <summary>
/// Authenticates "Authorization: Bearer ie.{keyId}.{secret}" (or the X-Api-Key header, or ?access_token= for
/// SignalR's WebSocket handshake). The key itself is never logged; only its id.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private readonly Dictionary<string, ApiCredential> _byKeyId = auth.Value.Credentials.ToDictionary(c => c.KeyId);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey();
        if (key is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (!ApiKeys.TryParse(key, out var keyId, out var secret) || !_byKeyId.TryGetValue(keyId, out var credential)
            || !ApiKeys.SecretMatches(credential, secret))
            return Task.FromResult(AuthenticateResult.Fail("invalid API key"));

        var claims = new List<Claim>
        {
            new(EngineClaims.KeyId, credential.KeyId),
            new(EngineClaims.Tenant, credential.Tenant),
            new(EngineClaims.Role, credential.Role),
        };
        if (credential.AgentId is { Length: > 0 } agent) claims.Add(new Claim(EngineClaims.Agent, agent));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, EngineClaims.KeyId, EngineClaims.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private string? PresentedKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        if (Request.Headers.TryGetValue("X-Api-Key", out var header)) return header.ToString();
        // Browsers cannot set headers on a WebSocket upgrade, so SignalR sends the key as a query parameter.
        if (Request.Path.StartsWithSegments("/hubs") && Request.Query.TryGetValue("access_token", out var token)) return token.ToString();
        return null;
    }
}

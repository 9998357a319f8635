using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace InteractionEngine.Host.Security;

/// <summary>
/// Turns the authorization outcome into answers a client can act on: 401 with <c>WWW-Authenticate</c> (RFC 9110 §11.6.1)
/// saying how to authenticate, 403 naming the roles the endpoint needs and the key's own; both as ProblemDetails.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string Challenge = "Bearer realm=\"interaction-engine\"";
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            // A key was sent but not accepted: say so in the challenge too (RFC 6750 §3.1).
            var presented = context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey("X-Api-Key");
            context.Response.Headers.WWWAuthenticate = presented ? Challenge + ", error=\"invalid_token\"" : Challenge;
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: presented ? "The API key is not valid" : "An API key is required",
                detail: "send 'Authorization: Bearer ie.{keyId}.{secret}' (or the X-Api-Key header) with a key of this engine").ExecuteAsync(context);
            return;
        }
        if (result.Forbidden)
        {
            var needed = policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
                .Where(r => r.ClaimType == EngineClaims.Role).SelectMany(r => r.AllowedValues ?? []).Distinct().ToList();
            var role = context.User.FindFirst(EngineClaims.Role)?.Value ?? "none";
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This key's role may not do this",
                detail: needed.Count == 0 ? $"a key with role '{role}' may not do this"
                    : $"this needs a key with role {string.Join(" or ", needed.Select(n => $"'{n}'"))}; this key's role is '{role}'",
                extensions: new Dictionary<string, object?> { ["requiredRoles"] = needed }).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}

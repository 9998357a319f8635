using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace InteractionEngine.Host.Security;

public static class SecuritySetup
{
    public static IServiceCollection AddEngineSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        ApiKeys.Validate(auth);
        var limits = RateLimitSettings.From(configuration);
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Route, p => p.RequireClaim(EngineClaims.Role, Roles.Routing, Roles.Admin))
            .AddPolicy(Policies.Act, p => p.RequireClaim(EngineClaims.Role, Roles.Agent, Roles.Routing, Roles.Admin))
            .AddPolicy(Policies.Read, p => p.RequireClaim(EngineClaims.Role, Roles.Agent, Roles.Analyst, Roles.Admin, Roles.Routing))
            .AddPolicy(Policies.Analyze, p => p.RequireClaim(EngineClaims.Role, Roles.Analyst, Roles.Admin))
            .AddPolicy(Policies.Note, p => p.RequireClaim(EngineClaims.Role, Roles.Agent, Roles.Admin));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await TypedResults.Problem(title: "Too many requests", detail: "the rate limit of this API key was reached; retry after a second",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
            // One bucket per API key, sized by its role; requests without a key (channel webhooks) share one per remote address.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var keyId = http.User.FindFirst(EngineClaims.KeyId)?.Value;
                var limit = limits.For(keyId is null ? null : http.User.FindFirst(EngineClaims.Role)?.Value);
                return RateLimitPartition.GetTokenBucketLimiter(
                    keyId ?? "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limit.EffectiveBurst,
                        TokensPerPeriod = limit.PerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    });
            });
        });
        return services;
    }
}

using System.Text.Json.Serialization;
using InteractionEngine.Host.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace InteractionEngine.Host.Http;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, with the API-key security scheme on every authorized operation, and an
/// interactive reference (Scalar) at /scalar. Response schemas come from the handlers' typed results.
/// </summary>
public static class OpenApiSetup
{
    public const string SecuritySchemeName = "ApiKey";
    public const string ReferencePath = "/scalar";

    public static IServiceCollection AddEngineHttpContract(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            // Enums by name only: 1 for "WhatsApp" would tie clients to the declaration order of the enum.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
            // Numbers are numbers: the Web defaults also read "42", which makes every integer "integer or string" in the schema.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "InteractionEngine API";
                document.Info.Description = "Conversations of a contact center: routing layer in, agent desks and analysts out. "
                    + "Every call but the channel webhooks carries an API key of one tenant (Authorization: Bearer ie.{keyId}.{secret}).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "ie.{keyId}.{secret}",
                    Description = "An API key of one tenant, as a bearer token (or in the X-Api-Key header); its role decides what it may do.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                ContactConversation.Describe(operation, context.Description.RelativePath);
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                ReadPositionFilter.Describe(operation, metadata);
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [] });
                }
                return Task.CompletedTask;
            });
        });
    }

    public static void MapEngineHttpContract(this WebApplication app)
    {
        app.MapOpenApi(); // /openapi/v1.json
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("InteractionEngine API").AddPreferredSecuritySchemes(SecuritySchemeName));
    }

    /// <summary>The endpoints need an API key whose role the policy allows: 401 without one, 403 for the wrong role, 429 over the key's rate.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy).ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
}

using System.Reflection;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace InteractionEngine.Host.Http;

/// <summary>
/// The conversation a <c>/contacts/{contact}</c> route names: the contact from the route, the tenant from the
/// caller's credential (never from the request). Bound once here, so no handler validates contact ids itself;
/// a malformed id is a 400 ProblemDetails (through <see cref="BadRequestExceptionHandler"/>) before the handler runs.
/// </summary>
public sealed record ContactConversation(ConversationId Id) : IEndpointParameterMetadataProvider
{
    public const string RouteValue = "contact";
    public const string InvalidDetail = "contact ids are 1-128 characters of letters, digits and . _ - + @";

    public string Tenant => Id.Tenant;
    public string Contact => Id.Contact;

    public static ValueTask<ContactConversation?> BindAsync(HttpContext http)
    {
        var contact = http.Request.RouteValues[RouteValue] as string;
        if (contact is null || !ConversationId.IsValidPart(contact)) throw new BadHttpRequestException(InvalidDetail, StatusCodes.Status400BadRequest);
        return ValueTask.FromResult<ContactConversation?>(new(new ConversationId(Caller.From(http.User).Tenant, contact)));
    }

    /// <summary>A malformed contact id is a 400 on every endpoint that binds one.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));

    /// <summary>OpenAPI: the route's {contact}, which no handler binds as a string, declared with the rule it must meet.</summary>
    public static void Describe(OpenApiOperation operation, string? route)
    {
        if (route is null || !route.Contains("{" + RouteValue + "}") || operation.Parameters?.Any(p => p.Name == RouteValue) == true) return;
        operation.Parameters ??= [];
        operation.Parameters.Insert(0, new OpenApiParameter
        {
            Name = RouteValue,
            In = ParameterLocation.Path,
            Required = true,
            Description = "The contact, unique in the caller's tenant: " + InvalidDetail,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128, Pattern = "^[A-Za-z0-9._+@-]{1,128}$" },
        });
    }
}

using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace InteractionEngine.Host.Http;

/// <summary>
/// Enum query parameters (<c>channel</c>, <c>media</c>, <c>order</c>) take names only. Minimal APIs bind them with
/// Enum.TryParse, which also takes numbers ("?channel=1"), tying clients to the enum's declaration order and letting
/// undefined values ("?channel=99") through; those are refused with 400 naming the accepted names.
/// </summary>
public sealed class EnumQueryNamesMiddleware(RequestDelegate next)
{
    // Every [FromQuery] enum of the API's query records, by its query name.
    private static readonly Dictionary<string, Type> EnumParameters = typeof(EnumQueryNamesMiddleware).Assembly.GetTypes()
        .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()))
        .Select(p => (Query: p.GetCustomAttribute<FromQueryAttribute>()?.Name, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
        .Where(p => p.Query is not null && p.Type.IsEnum)
        .DistinctBy(p => p.Query)
        .ToDictionary(p => p.Query!, p => p.Type, StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (!EnumParameters.TryGetValue(name, out var type)) continue;
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value) || Enum.GetNames(type).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)) continue;
                await TypedResults.Problem(title: "The request is malformed", statusCode: StatusCodes.Status400BadRequest,
                    detail: $"query parameter '{name}' takes a name: one of {string.Join(", ", Enum.GetNames(type))}").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}

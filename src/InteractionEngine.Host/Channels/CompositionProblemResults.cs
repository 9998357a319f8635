using InteractionEngine.Channels.WhatsApp.Agents;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Channels;

/// <summary>
/// A template that cannot be composed as ProblemDetails: 503 without a catalog, otherwise 422 with <c>field</c> naming what
/// to fix, <c>errors</c> listing every field to fix, and, where they help the agent choose, the template's <c>languages</c> or the contact's <c>phoneNumbers</c>.
/// </summary>
internal static class CompositionProblemResults
{
    public static ProblemHttpResult ToHttp(this CompositionProblem problem, string title)
    {
        if (problem.NoCatalog) return ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "No template catalog", problem.Detail);
        var extensions = new Dictionary<string, object?>();
        if (problem.Field is { } field) extensions["field"] = field;
        if (problem.Languages is { } languages) extensions["languages"] = languages;
        if (problem.PhoneNumbers is { } numbers) extensions["phoneNumbers"] = numbers;
        // As ValidationProblemDetails: every field to fix with its reasons, all at once.
        var errors = problem.FieldProblems ?? (problem.Field is { } only ? [new TemplateFieldProblem(only, problem.Detail)] : []);
        if (errors.Count > 0)
            extensions["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());
        return TypedResults.Problem(title: title, detail: problem.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, extensions: extensions);
    }
}

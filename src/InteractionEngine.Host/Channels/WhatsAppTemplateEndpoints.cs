using InteractionEngine.Channels.WhatsApp.Agents;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Channels;

/// <param name="Name">Keeps templates whose name contains it (any case).</param>
/// <param name="Language">Keeps one language, e.g. pt_PT.</param>
public sealed record TemplateListQuery(string? Name, string? Language);

/// <summary>The Notifications view's list: one entry per template and language.</summary>
public sealed record TemplateList(IReadOnlyList<TemplateView> Templates);

/// <summary>One template in every language it exists in.</summary>
public sealed record TemplateDetail(string Name, IReadOnlyList<string> Languages, IReadOnlyList<TemplateView> Versions);

/// <summary>As a notification's body (without the client id: nothing is sent).</summary>
public sealed record NotificationPreviewRequest(string? Template, string? Language, IReadOnlyDictionary<string, string>? Values, Attachment? HeaderImage);

/// <summary>The Notifications view: the tenant's WhatsApp templates, and a preview of one filled for a contact.</summary>
public static class WhatsAppTemplateEndpoints
{
    private const string PreviewRefused = "The notification cannot be previewed";

    public static void MapWhatsAppTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/v1/channels/whatsapp/templates").WithTags("WhatsApp").RequireApiKey(Policies.Read)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        templates.MapGet("/", List)
            .WithSummary("The WhatsApp templates agents can send: languages, category, approval, body fields (and which the contact's data fills), image placeholder, buttons");
        templates.MapGet("/{name}", Detail).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One WhatsApp template in every language it exists in");

        app.MapPost("/api/v1/contacts/{contact}/notifications/preview", Preview).WithTags("WhatsApp").RequireApiKey(Policies.Read)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("What Send would send: the template filled from the contact's directory data and the given values, never sent (422 names a missing field or lists the languages)");
    }

    private static Results<Ok<TemplateList>, ProblemHttpResult> List([AsParameters] TemplateListQuery query, TemplateCatalogProvider provider, HttpContext http)
    {
        var tenant = Caller.From(http.User).Tenant;
        var source = provider.For(tenant);
        return source.Catalog is { } catalog
            ? TypedResults.Ok(new TemplateList(TemplateViews.List(catalog, query.Name, query.Language)))
            : NoCatalog(tenant, source);
    }

    private static Results<Ok<TemplateDetail>, ProblemHttpResult> Detail(string name, TemplateCatalogProvider provider, HttpContext http)
    {
        var tenant = Caller.From(http.User).Tenant;
        var source = provider.For(tenant);
        if (source.Catalog is not { } catalog) return NoCatalog(tenant, source);
        var versions = TemplateViews.List(catalog).Where(t => t.Name == name).ToList();
        return versions.Count > 0
            ? TypedResults.Ok(new TemplateDetail(name, versions.Select(v => v.Language).ToList(), versions))
            : ReplyResults.Problem(StatusCodes.Status404NotFound, "No such template", $"template {name} is not in the catalog");
    }

    private static async Task<Results<Ok<NotificationPreview>, ProblemHttpResult>> Preview(
        ContactConversation conversation, NotificationPreviewRequest body, TemplateComposer composer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Template))
            return new CompositionProblem("'template' is required", TemplateLanguages.TemplateField).ToHttp(PreviewRefused);
        var (preview, problem) = await composer.PreviewAsync(conversation.Id, body.Template, body.Language, body.Values, body.HeaderImage, ct);
        return preview is not null ? TypedResults.Ok(preview) : problem!.ToHttp(PreviewRefused);
    }

    private static ProblemHttpResult NoCatalog(string tenant, TemplateCatalogSource source) =>
        TemplateComposer.NoCatalog(tenant, source).ToHttp("No template catalog");
}

using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;

namespace InteractionEngine.Channels.WhatsApp.Agents;

/// <summary>
/// Why an agent's template cannot be composed: the catalog is missing (<see cref="NoCatalog"/>), or the request cannot be met.
/// <paramref name="Languages"/> lists the template's languages when the one asked for does not exist;
/// <paramref name="PhoneNumbers"/> the contact's numbers when the chosen one is not among them;
/// <paramref name="FieldProblems"/> every field that cannot be filled (<paramref name="Field"/> is the first).
/// </summary>
public sealed record CompositionProblem(string Detail, string? Field, bool NoCatalog = false,
    IReadOnlyList<string>? Languages = null, IReadOnlyList<string>? PhoneNumbers = null, IReadOnlyList<TemplateFieldProblem>? FieldProblems = null);

/// <summary>A rendered template for a notification, connection request or validation, or the problem that prevents it.</summary>
public sealed record Composition(NotificationContent? Content, CompositionProblem? Problem);

/// <summary>
/// Fills a catalog template for an agent's action from the contact's directory data and the agent's values, checking an
/// uploaded header image against the attachment store, so the command carries exactly what the dispatcher will send.
/// </summary>
public sealed class TemplateComposer(TemplateCatalogProvider templates, WhatsAppContacts contacts, AttachmentStore attachments)
{
    public const string ConnectionTemplate = "whatsapp_connection_request";
    public const string ValidationTemplate = "whatsapp_channel_check";
    public const string DefaultLanguage = "en_US";

    public async Task<Composition> ComposeAsync(ConversationId id, string name, string? language, IReadOnlyDictionary<string, string>? values,
        Attachment? headerImage, CancellationToken ct)
    {
        var (_, rendered, problem) = await RenderAsync(id, name, language, values, headerImage, ct);
        return problem is null ? new(rendered!.Notification, null) : new(null, problem);
    }

    /// <summary>
    /// What <see cref="ComposeAsync"/> followed by the dispatcher's send would produce, or the same problem Send would
    /// answer. Reads only: nothing is recorded or sent.
    /// </summary>
    public async Task<(NotificationPreview? Preview, CompositionProblem? Problem)> PreviewAsync(ConversationId id, string name, string? language,
        IReadOnlyDictionary<string, string>? values, Attachment? headerImage, CancellationToken ct)
    {
        var (template, composed, problem) = await RenderAsync(id, name, language, values, headerImage, ct);
        if (problem is not null) return (null, problem);
        // As CloudSender does: re-render from the recorded fields; a fixed-link header is the template's own.
        var header = template!.Header is { Link: null } ? composed!.Notification.HeaderImage : null;
        var sent = TemplateRenderer.RenderRecorded(template, composed!.Notification, header);
        if (sent.Rendered is not { } payload) return (null, new CompositionProblem(sent.Error!, sent.Field, FieldProblems: sent.FieldProblems));
        return (NotificationPreview.From(template, composed, payload, await contacts.RecipientForAsync(id, ct)), null);
    }

    /// <summary>The wa_id a channel action concerns, or null when the contact has no number.</summary>
    public Task<string?> AddressAsync(ConversationId id, CancellationToken ct) => contacts.RecipientForAsync(id, ct);

    /// <summary>The wa_id of the contact's number the agent chose (see <see cref="ChannelNumberChoice"/>), or the problem.</summary>
    public async Task<(string? Address, CompositionProblem? Problem)> ChosenAddressAsync(ConversationId id, string? phoneNumber, int? index, CancellationToken ct) =>
        ChannelNumberChoice.Choose(id.Contact, await contacts.NumbersOfAsync(id, ct), phoneNumber, index);

    private async Task<(TemplateDefinition? Template, RenderedTemplate? Rendered, CompositionProblem? Problem)> RenderAsync(
        ConversationId id, string name, string? language, IReadOnlyDictionary<string, string>? values, Attachment? headerImage, CancellationToken ct)
    {
        if (headerImage is not null && WhatsAppMedia.IsEngineAttachment(headerImage.Reference))
        {
            // An image uploaded through /api/v1/attachments: its stored type and size are what WhatsApp will get.
            var stored = Guid.TryParse(headerImage.Reference[WhatsAppMedia.EngineAttachmentPrefix.Length..], out var attachmentId)
                ? await attachments.LoadAsync(id.Tenant, attachmentId, ct)
                : null;
            if (stored is not { } image) return Problem($"{headerImage.Reference} is not an uploaded attachment of this tenant", "headerImage");
            headerImage = headerImage with { MimeType = image.MimeType, SizeBytes = image.Content.LongLength };
        }
        var source = templates.For(id.Tenant);
        if (source.Catalog is not { } catalog) return (null, null, NoCatalog(id.Tenant, source));
        var (template, missing) = TemplateLanguages.Choose(catalog, name, language, DefaultLanguage);
        if (missing is not null) return (null, null, missing);
        var profile = await contacts.ProfileAsync(id, ct);
        var rendered = TemplateRenderer.Render(template!, ContactAttributes.Of(id.Contact, profile), values ?? new Dictionary<string, string>(), headerImage);
        return rendered.Rendered is { } r ? (template, r, null) : (null, null, new CompositionProblem(rendered.Error!, rendered.Field, FieldProblems: rendered.FieldProblems));
    }

    private static (TemplateDefinition?, RenderedTemplate?, CompositionProblem?) Problem(string detail, string? field) =>
        (null, null, new CompositionProblem(detail, field));

    /// <summary>503: the tenant's catalog file is broken (named with its problem, for the operator).</summary>
    public static CompositionProblem NoCatalog(string tenant, TemplateCatalogSource source) =>
        new($"tenant {tenant}'s WhatsApp template catalog could not be loaded: {source.Problem}", null, NoCatalog: true);
}

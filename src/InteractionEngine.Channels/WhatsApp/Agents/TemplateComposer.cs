using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;

namespace InteractionEngine.Channels.WhatsApp.Agents;

/// <summary>Why an agent's template cannot be composed: the catalog is missing (<see cref="NoCatalog"/>), or the request cannot be met.</summary>
public sealed record CompositionProblem(string Detail, string? Field, bool NoCatalog = false);

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
        if (headerImage is not null && WhatsAppMedia.IsEngineAttachment(headerImage.Reference))
        {
            // An image uploaded through /api/v1/attachments: its stored type and size are what WhatsApp will get.
            var stored = Guid.TryParse(headerImage.Reference[WhatsAppMedia.EngineAttachmentPrefix.Length..], out var attachmentId)
                ? await attachments.LoadAsync(id.Tenant, attachmentId, ct)
                : null;
            if (stored is not { } image) return Problem($"{headerImage.Reference} is not an uploaded attachment of this tenant", "headerImage");
            headerImage = headerImage with { MimeType = image.MimeType, SizeBytes = image.Content.LongLength };
        }
        if (templates.Catalog is not { } catalog) return new(null, new CompositionProblem("the WhatsApp template catalog could not be loaded", null, NoCatalog: true));
        language ??= DefaultLanguage;
        if (catalog.Find(name, language) is not { } template) return Problem($"template {name} ({language}) is not in the catalog", "template");
        var profile = await contacts.ProfileAsync(id, ct);
        var rendered = TemplateRenderer.Render(template, ContactData(id, profile), values ?? new Dictionary<string, string>(), headerImage);
        return rendered.Rendered is { } r ? new(r.Notification, null) : Problem(rendered.Error!, rendered.Field);
    }

    /// <summary>The wa_id a channel action concerns, or null when the contact has no number.</summary>
    public Task<string?> AddressAsync(ConversationId id, CancellationToken ct) => contacts.RecipientForAsync(id, ct);

    private static Composition Problem(string detail, string? field) => new(null, new CompositionProblem(detail, field));

    private static Dictionary<string, string> ContactData(ConversationId id, ContactProfile? profile)
    {
        var data = new Dictionary<string, string> { ["id"] = id.Contact };
        if (profile?.FirstName is { } first) data["firstName"] = first;
        if (profile?.LastName is { } last) data["lastName"] = last;
        if (profile?.PhoneNumbers.FirstOrDefault() is { } phone) data["phone"] = phone.Number;
        return data;
    }
}

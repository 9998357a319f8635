using System.Text.Json;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Agents;

/// <summary>
/// What Send would send for a template, without sending it: the notification as the transcript would record it, and the
/// Cloud API's <c>template</c> object exactly as the dispatcher would post it (rendered by the same code).
/// </summary>
/// <param name="To">The wa_id it would go to, or null when the contact has no number yet.</param>
/// <param name="Fields">Each field's value and where it came from.</param>
/// <param name="HeaderImageUploadedOnSend">
/// The header image is an engine upload ("attachment:{id}"): the dispatcher uploads it to WhatsApp when it sends and names
/// the media id in a header component, which <paramref name="CloudApiTemplate"/> therefore does not show yet.
/// </param>
/// <param name="CloudApiTemplate">The <c>template</c> object of the Cloud API message, field names as WhatsApp spells them.</param>
public sealed record NotificationPreview(
    string Template,
    string Language,
    string? To,
    NotificationContent Notification,
    string? Footer,
    IReadOnlyList<PreviewField> Fields,
    bool HeaderImageUploadedOnSend,
    JsonElement CloudApiTemplate)
{
    internal static NotificationPreview From(TemplateDefinition template, RenderedTemplate composed, RenderedTemplate sent, string? to) => new(
        template.Name, template.Language, to, composed.Notification, template.Footer,
        composed.Notification.Fields
            .Select(f => new PreviewField(f.Key, f.Value, composed.Sources?.GetValueOrDefault(f.Key) ?? TemplateFieldSource.Agent))
            .ToList(),
        composed.HeaderNeedsUpload,
        JsonSerializer.SerializeToElement(sent.Payload, PayloadJson.Options));
}

/// <param name="Source">Agent (typed or edited), Contact (the contact's data) or Default (the template's default).</param>
public sealed record PreviewField(string Field, string Value, TemplateFieldSource Source);

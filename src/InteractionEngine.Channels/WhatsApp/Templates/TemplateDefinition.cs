namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>
/// A message template as approved in WhatsApp Manager, plus how the engine fills it: which field feeds each
/// placeholder. Read from config/whatsapp-templates.json by <see cref="TemplateCatalog"/>.
/// </summary>
/// <param name="Body">Text with {{1}}, {{2}}… (positional) or {{first_name}}… (named) placeholders, never both.</param>
/// <param name="Fields">One per body placeholder.</param>
public sealed record TemplateDefinition(
    string Name,
    string Language,
    TemplateCategory Category,
    TemplateStatus Status,
    string Body,
    IReadOnlyList<TemplateField> Fields,
    IReadOnlyList<TemplateButton> Buttons,
    TemplateHeader? Header = null,
    string? Footer = null)
{
    public bool IsApproved => Status == TemplateStatus.Approved;
}

public enum TemplateCategory
{
    Marketing,
    Utility,
    Authentication,
}

/// <summary>The template's review state in WhatsApp Manager; only approved templates can be sent.</summary>
public enum TemplateStatus
{
    Approved,
    Pending,
    Rejected,
    Paused,
    Disabled,
}

/// <summary>
/// What fills a placeholder. A field named "contact.X" is filled from the contact's data (key X) unless the agent
/// edits it; any other field is typed by the agent. An optional field falls back to <paramref name="Default"/>
/// (WhatsApp refuses empty parameters, so an optional field must have one).
/// </summary>
/// <param name="Placeholder">"1", "2"… or the named parameter ("first_name").</param>
/// <param name="Field">The engine's field name, e.g. "contact.firstName", "appointment.date".</param>
/// <param name="Label">What the agent's form shows.</param>
public sealed record TemplateField(string Placeholder, string Field, string? Label = null, bool Required = true, string? Default = null)
{
    public const string ContactPrefix = "contact.";
    public bool IsContactField => Field.StartsWith(ContactPrefix, StringComparison.Ordinal);
}

/// <summary>
/// An image header: a fixed <paramref name="Link"/>, or a placeholder <paramref name="Field"/> that takes the image the
/// agent uploads (which also replaces a fixed link). WhatsApp needs the image in every send of such a template.
/// </summary>
public sealed record TemplateHeader(string Format, string? Link = null, string? MimeType = null, string? Field = null, bool Required = true)
{
    public const string ImageFormat = "IMAGE";
    public const string DefaultField = "header.image";
}

/// <summary>
/// QUICK_REPLY (text, payload echoed back when tapped), URL (url, optionally ending in {{1}} filled from
/// <paramref name="Field"/>), PHONE_NUMBER (phoneNumber in E.164).
/// </summary>
public sealed record TemplateButton(
    TemplateButtonType Type, string Text, string? Payload = null, string? Url = null, string? Field = null, string? PhoneNumber = null);

public enum TemplateButtonType
{
    QuickReply,
    Url,
    PhoneNumber,
}

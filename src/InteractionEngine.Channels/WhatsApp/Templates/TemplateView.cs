using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>
/// One language version of a catalog template as the agent's Notifications view shows it: what it says, which fields
/// the agent fills and which the contact's data fills, its image placeholder and its buttons.
/// </summary>
/// <param name="Languages">Every language the template exists in (this one included).</param>
/// <param name="Sendable">Only APPROVED templates can be sent (or previewed).</param>
/// <param name="Fields">The body's fields in placeholder order, then the fields of dynamic URL buttons.</param>
public sealed record TemplateView(
    string Name,
    string Language,
    IReadOnlyList<string> Languages,
    TemplateCategory Category,
    TemplateStatus Status,
    bool Sendable,
    string Body,
    string? Footer,
    IReadOnlyList<TemplateFieldView> Fields,
    TemplateHeaderView? Header,
    IReadOnlyList<TemplateReplyButtonView> ReplyButtons,
    IReadOnlyList<TemplateActionButtonView> ActionButtons);

/// <param name="Placeholder">The body placeholder it fills ("1", "first_name"), or null for a URL button's suffix.</param>
/// <param name="ButtonIndex">The URL button whose link it completes, or null for a body field.</param>
/// <param name="FilledFrom">The contact attribute that fills it unless the agent types a value; null: the agent types it.</param>
public sealed record TemplateFieldView(
    string Field, string? Placeholder, int? ButtonIndex, string? Label, bool Required, string? Default, ContactAttributeFill? FilledFrom);

/// <param name="Known">False when the engine holds no such contact attribute: the agent must type the value.</param>
public sealed record ContactAttributeFill(string Attribute, string Description, bool Known);

/// <summary>An image header: a fixed image (<paramref name="Link"/>), or a placeholder the agent fills with an uploaded image (<paramref name="Field"/>).</summary>
public sealed record TemplateHeaderView(string Format, bool Placeholder, string? Field, bool Required, string? Link, string? MimeType);

/// <summary>A button the contact taps to answer; <paramref name="Payload"/> comes back with the reply.</summary>
public sealed record TemplateReplyButtonView(int Index, string Text, string Payload);

/// <summary>A button that opens a link (<see cref="NotificationButtonKind.OpenUrl"/>) or calls a number (<see cref="NotificationButtonKind.CallPhone"/>).</summary>
/// <param name="Field">For a link ending in {{1}}: the field that completes it.</param>
public sealed record TemplateActionButtonView(int Index, NotificationButtonKind Kind, string Text, string? Url, string? PhoneNumber, string? Field);

/// <summary>Maps catalog templates to <see cref="TemplateView"/>s.</summary>
public static class TemplateViews
{
    /// <summary>
    /// The catalog's templates by name then language; <paramref name="name"/> keeps names containing it (any case),
    /// <paramref name="language"/> keeps that language only (e.g. "pt_PT").
    /// </summary>
    public static IReadOnlyList<TemplateView> List(TemplateCatalog catalog, string? name = null, string? language = null) =>
        catalog.Templates
            .Where(t => string.IsNullOrWhiteSpace(name) || t.Name.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(t => string.IsNullOrWhiteSpace(language) || string.Equals(t.Language, language.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Language, StringComparer.Ordinal)
            .Select(t => Of(t, catalog.LanguagesOf(t.Name)))
            .ToList();

    public static TemplateView Of(TemplateDefinition t, IReadOnlyList<string> languages)
    {
        var order = Placeholders.In(t.Body).ToList(); // fields in the order the agent reads them in the body
        var fields = t.Fields
            .OrderBy(f => order.IndexOf(f.Placeholder))
            .Select(f => new TemplateFieldView(f.Field, f.Placeholder, null, f.Label, f.Required, f.Default, FillOf(f.Field)))
            .Concat(t.Buttons.Select((b, i) => (b, i)).Where(x => x.b is { Type: TemplateButtonType.Url, Field: not null })
                .Select(x => new TemplateFieldView(x.b.Field!, null, x.i, x.b.Text, true, null, FillOf(x.b.Field!))))
            .ToList();
        var replies = t.Buttons.Select((b, i) => (b, i)).Where(x => x.b.Type == TemplateButtonType.QuickReply)
            .Select(x => new TemplateReplyButtonView(x.i, x.b.Text, x.b.Payload ?? x.b.Text))
            .ToList();
        var actions = t.Buttons.Select((b, i) => (b, i)).Where(x => x.b.Type != TemplateButtonType.QuickReply)
            .Select(x => x.b.Type == TemplateButtonType.Url
                ? new TemplateActionButtonView(x.i, NotificationButtonKind.OpenUrl, x.b.Text, x.b.Url, null, x.b.Field)
                : new TemplateActionButtonView(x.i, NotificationButtonKind.CallPhone, x.b.Text, null, x.b.PhoneNumber, null))
            .ToList();
        return new TemplateView(t.Name, t.Language, languages, t.Category, t.Status, t.IsApproved, t.Body, t.Footer,
            fields, HeaderOf(t.Header), replies, actions);
    }

    private static TemplateHeaderView? HeaderOf(TemplateHeader? h) => h is null ? null
        // A field header takes the agent's image (which also replaces a fixed link); a link-only header is fixed.
        : h.Field is not null || h.Link is null
            ? new TemplateHeaderView(h.Format.ToUpperInvariant(), true, h.Field ?? TemplateHeader.DefaultField, h.Link is null && h.Required, h.Link, h.MimeType)
            : new TemplateHeaderView(h.Format.ToUpperInvariant(), false, null, false, h.Link, h.MimeType);

    private static ContactAttributeFill? FillOf(string field)
    {
        if (!field.StartsWith(TemplateField.ContactPrefix, StringComparison.Ordinal)) return null;
        var attribute = field[TemplateField.ContactPrefix.Length..];
        return ContactAttributes.Descriptions.TryGetValue(attribute, out var description)
            ? new ContactAttributeFill(attribute, description, true)
            : new ContactAttributeFill(attribute, "not among the contact's data the engine holds: the agent types it", false);
    }
}

using System.Globalization;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>Where a field's value came from: the agent typed it, the contact's data filled it, or the template's default.</summary>
public enum TemplateFieldSource
{
    Agent,
    Contact,
    Default,
}

/// <summary>A template filled in: what the transcript records (NotificationSent) and what the Cloud API receives.</summary>
/// <param name="Sources">Where each field's value (by field name, as in <see cref="NotificationContent.Fields"/>) came from.</param>
public sealed record RenderedTemplate(NotificationContent Notification, TemplatePayload Payload, IReadOnlyDictionary<string, TemplateFieldSource>? Sources = null)
{
    /// <summary>The header image is an engine attachment: upload it, then render again with its "whatsapp-media:{id}" before sending.</summary>
    public bool HeaderNeedsUpload => Notification.HeaderImage is { } image && WhatsAppMedia.IsEngineAttachment(image.Reference);
}

/// <summary>One field that cannot be filled, and why.</summary>
public sealed record TemplateFieldProblem(string Field, string Error);

/// <summary>The rendered template, or the reason it cannot be sent (with the field to fix, when one is to blame).</summary>
/// <param name="Field">The first field to fix.</param>
/// <param name="FieldProblems">Every field to fix (missing or invalid), in the form's order, so the agent fixes them in one go.</param>
public sealed record TemplateRenderResult(RenderedTemplate? Rendered, string? Error, string? Field, IReadOnlyList<TemplateFieldProblem>? FieldProblems = null)
{
    public bool Succeeded => Rendered is not null;
    internal static TemplateRenderResult Fail(string error, string? field = null) =>
        new(null, error, field, field is null ? null : [new TemplateFieldProblem(field, error)]);

    internal static TemplateRenderResult Fail(IReadOnlyList<TemplateFieldProblem> problems) => problems is [var one]
        ? Fail(one.Error, one.Field)
        : new(null, $"{problems.Count} fields cannot be filled: {string.Join("; ", problems.Select(p => p.Error))}", problems[0].Field, problems);
}

/// <summary>
/// Fills a template. Each field takes, in order: the agent's value (agents review and may edit everything), then for
/// "contact.X" fields the contact's data X, then the field's default. Pure: values in, content out.
/// </summary>
public static class TemplateRenderer
{
    public static TemplateRenderResult Render(
        TemplateDefinition template,
        IReadOnlyDictionary<string, string> contactData,
        IReadOnlyDictionary<string, string> agentValues,
        Attachment? headerImage = null)
    {
        if (!template.IsApproved)
            return TemplateRenderResult.Fail($"template {template.Name} ({template.Language}) is {template.Status.ToString().ToUpperInvariant()}; only APPROVED templates can be sent");

        // Every field checked first: the agent learns all that is missing at once, not one field per attempt.
        if (FieldProblems(template, contactData, agentValues, headerImage) is { Count: > 0 } problems) return TemplateRenderResult.Fail(problems);

        var fields = new Dictionary<string, string>();
        var sources = new Dictionary<string, TemplateFieldSource>();
        var byPlaceholder = new Dictionary<string, string>();
        foreach (var field in template.Fields)
        {
            if (Resolve(field.Field, field.Required, field.Default, contactData, agentValues, out var value, out var source) is { } problem) return problem;
            fields[field.Field] = value;
            sources[field.Field] = source;
            byPlaceholder[field.Placeholder] = value;
        }

        var components = new List<TemplateComponent>();
        Attachment? image = null;
        if (template.Header is { } header)
        {
            if (HeaderImage(header, headerImage, out image) is { } problem) return problem;
            // An engine attachment ("attachment:{id}") has no WhatsApp reference yet: the content records it, and the sender
            // uploads it and renders again with the media id before the payload goes out.
            if (image is not null && WhatsAppLimits.MediaReference(image.Reference, out _) is { } media)
                components.Add(new TemplateComponent("header", [TemplateParameter.ForImage(media)]));
        }

        var named = template.Fields.Count > 0 && !Placeholders.IsPositional(template.Fields[0].Placeholder);
        var bodyParameters = Placeholders.In(template.Body).Distinct()
            .OrderBy(p => named ? 0 : int.Parse(p, CultureInfo.InvariantCulture)) // positional: {{1}} first, whatever the text order
            .Select(p => TemplateParameter.ForText(byPlaceholder[p], named ? p : null))
            .ToList();
        if (bodyParameters.Count > 0) components.Add(new TemplateComponent("body", bodyParameters));

        var buttons = new List<NotificationButton>();
        for (var index = 0; index < template.Buttons.Count; index++)
        {
            var b = template.Buttons[index];
            var position = index.ToString(CultureInfo.InvariantCulture);
            switch (b.Type)
            {
                case TemplateButtonType.QuickReply:
                    // The payload comes back in the contact's "button" webhook, next to context.id = this message's wamid.
                    var payload = b.Payload ?? b.Text;
                    components.Add(new TemplateComponent("button", [TemplateParameter.ForPayload(payload)], "quick_reply", position));
                    buttons.Add(new NotificationButton(NotificationButtonKind.QuickReply, b.Text, payload));
                    break;
                case TemplateButtonType.Url when b.Field is not null:
                    if (Resolve(b.Field, required: true, null, contactData, agentValues, out var suffix, out var suffixSource) is { } problem) return problem;
                    if (suffix.Any(char.IsWhiteSpace)) return TemplateRenderResult.Fail($"field {b.Field} goes into a URL and cannot contain spaces", b.Field);
                    fields[b.Field] = suffix;
                    sources[b.Field] = suffixSource;
                    components.Add(new TemplateComponent("button", [TemplateParameter.ForText(suffix)], "url", position));
                    buttons.Add(new NotificationButton(NotificationButtonKind.OpenUrl, b.Text, b.Url!.Replace("{{1}}", suffix, StringComparison.Ordinal)));
                    break;
                case TemplateButtonType.Url:
                    buttons.Add(new NotificationButton(NotificationButtonKind.OpenUrl, b.Text, b.Url));
                    break;
                case TemplateButtonType.PhoneNumber:
                    buttons.Add(new NotificationButton(NotificationButtonKind.CallPhone, b.Text, b.PhoneNumber));
                    break;
            }
        }

        var body = Placeholders.Fill(template.Body, byPlaceholder);
        var notification = new NotificationContent(template.Name, template.Language, body, fields, image, buttons);
        return new TemplateRenderResult(new RenderedTemplate(notification, new TemplatePayload(template.Name, new TemplateLanguage(template.Language), components), sources), null, null);
    }

    /// <summary>
    /// What the dispatcher sends for a recorded notification: the template filled again from the fields as recorded (the
    /// contact's data was already resolved into them), so a preview that renders the same way shows exactly what goes out.
    /// </summary>
    public static TemplateRenderResult RenderRecorded(TemplateDefinition template, NotificationContent notification, Attachment? headerImage) =>
        Render(template, new Dictionary<string, string>(), notification.Fields, headerImage);

    /// <summary>Each body field, the header image and each URL suffix that cannot be filled, in the order the form shows them.</summary>
    private static List<TemplateFieldProblem> FieldProblems(TemplateDefinition template,
        IReadOnlyDictionary<string, string> contactData, IReadOnlyDictionary<string, string> agentValues, Attachment? headerImage)
    {
        var problems = new List<TemplateRenderResult?>();
        var order = Placeholders.In(template.Body).ToList();
        foreach (var field in template.Fields.OrderBy(f => order.IndexOf(f.Placeholder)))
            problems.Add(Resolve(field.Field, field.Required, field.Default, contactData, agentValues, out _, out _));
        if (template.Header is { } header) problems.Add(HeaderImage(header, headerImage, out _));
        foreach (var b in template.Buttons.Where(b => b is { Type: TemplateButtonType.Url, Field: not null }))
            problems.Add(Resolve(b.Field!, required: true, null, contactData, agentValues, out var suffix, out _)
                ?? (suffix.Any(char.IsWhiteSpace) ? TemplateRenderResult.Fail($"field {b.Field} goes into a URL and cannot contain spaces", b.Field) : null));
        return problems.SelectMany(p => p?.FieldProblems ?? []).ToList();
    }

    private static TemplateRenderResult? Resolve(
        string field, bool required, string? fallback,
        IReadOnlyDictionary<string, string> contactData, IReadOnlyDictionary<string, string> agentValues, out string value, out TemplateFieldSource source)
    {
        var agent = Present(agentValues.GetValueOrDefault(field));
        var contact = agent is null && field.StartsWith(TemplateField.ContactPrefix, StringComparison.Ordinal)
            ? Present(contactData.GetValueOrDefault(field[TemplateField.ContactPrefix.Length..])) ?? Present(contactData.GetValueOrDefault(field))
            : null;
        source = agent is not null ? TemplateFieldSource.Agent : contact is not null ? TemplateFieldSource.Contact : TemplateFieldSource.Default;
        value = agent ?? contact ?? Present(fallback) ?? "";
        if (value.Length == 0)
            return TemplateRenderResult.Fail(required ? $"field {field} is required" : $"field {field} has no value", field);
        // WhatsApp refuses parameters with new lines, tabs or more than 4 consecutive spaces (error 132018).
        if (value.Contains('\n') || value.Contains('\r') || value.Contains('\t') || value.Contains("     ", StringComparison.Ordinal))
            return TemplateRenderResult.Fail($"field {field} cannot contain new lines, tabs or more than 4 spaces in a row", field);
        return null;
    }

    private static TemplateRenderResult? HeaderImage(TemplateHeader header, Attachment? uploaded, out Attachment? image)
    {
        var field = header.Field ?? TemplateHeader.DefaultField;
        image = uploaded;
        if (uploaded is not null)
            return WhatsAppLimits.ImageProblem(uploaded) is { } problem ? TemplateRenderResult.Fail($"{field}: {problem}", field) : null;
        if (header.Link is not null)
        {
            // A fixed image's size is not known to the engine (0); WhatsApp fetches it from the link.
            image = new Attachment(header.Link, header.MimeType ?? "image/jpeg", 0);
            return null;
        }
        return header.Required ? TemplateRenderResult.Fail($"field {field} is required: upload an image", field) : null;
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using System.Text.RegularExpressions;
using InteractionEngine.Channels.Contacts;
using InteractionEngine.Channels.WhatsApp.Cloud;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>WhatsApp's template rules (names, lengths, placeholders, buttons) and the catalog's own (every placeholder has a field).</summary>
internal static partial class TemplateRules
{
    private const int MaxBody = 1024, MaxFooter = 60, MaxButtonText = 25, MaxButtons = 10, MaxUrlButtons = 2, MaxPhoneButtons = 1;

    public static List<string> Check(IReadOnlyList<TemplateDefinition> templates)
    {
        var problems = new List<string>();
        foreach (var duplicate in templates.GroupBy(t => (t.Name, t.Language)).Where(g => g.Count() > 1))
            problems.Add($"{duplicate.Key.Name} ({duplicate.Key.Language}) is defined {duplicate.Count()} times");
        foreach (var t in templates)
            problems.AddRange(Check(t).Select(p => $"{t.Name} ({t.Language}): {p}"));
        return problems;
    }

    private static IEnumerable<string> Check(TemplateDefinition t)
    {
        if (t.Name is null || !Name().IsMatch(t.Name)) yield return "name must be lowercase letters, digits and underscores";
        if (t.Language is null || !Language().IsMatch(t.Language)) yield return "language must be a code such as en_US or pt_PT";
        if (string.IsNullOrWhiteSpace(t.Body)) { yield return "body is required"; yield break; }
        if (t.Body.Length > MaxBody) yield return $"body is longer than {MaxBody} characters";
        if (t.Footer is { Length: > MaxFooter }) yield return $"footer is longer than {MaxFooter} characters";
        foreach (var p in CheckPlaceholders(t)) yield return p;
        if (t.Header is { } h) foreach (var p in CheckHeader(h)) yield return p;
        foreach (var p in CheckButtons(t.Buttons)) yield return p;
    }

    private static IEnumerable<string> CheckPlaceholders(TemplateDefinition t)
    {
        var used = Placeholders.In(t.Body).Distinct().ToList();
        var positional = used.Count(Placeholders.IsPositional);
        if (positional > 0 && positional < used.Count) yield return "body mixes {{1}} and named placeholders";
        if (positional == used.Count && used.Count > 0
            && !used.Select(int.Parse).Order().SequenceEqual(Enumerable.Range(1, used.Count)))
            yield return "positional placeholders must be {{1}}…{{n}} without gaps";
        foreach (var missing in used.Except(t.Fields.Select(f => f.Placeholder))) yield return $"placeholder {{{{{missing}}}}} has no field";
        foreach (var extra in t.Fields.Select(f => f.Placeholder).Except(used)) yield return $"field for {{{{{extra}}}}} matches no placeholder in the body";
        foreach (var twice in t.Fields.GroupBy(f => f.Placeholder).Where(g => g.Count() > 1)) yield return $"placeholder {{{{{twice.Key}}}}} has {twice.Count()} fields";
        foreach (var f in t.Fields.Where(f => string.IsNullOrWhiteSpace(f.Field))) yield return $"placeholder {{{{{f.Placeholder}}}}} needs a field name";
        foreach (var f in t.Fields.Where(f => !f.Required && string.IsNullOrWhiteSpace(f.Default)))
            yield return $"optional field {f.Field} needs a default (WhatsApp refuses empty parameters)";
    }

    private static IEnumerable<string> CheckHeader(TemplateHeader h)
    {
        if (!string.Equals(h.Format, TemplateHeader.ImageFormat, StringComparison.OrdinalIgnoreCase)) yield return $"header format {h.Format} is not supported (IMAGE only)";
        if (h.Link is null && h.Field is null) yield return "an image header needs a fixed link or a field for the uploaded image";
        if (h.Link is not null && (!Uri.TryCreate(h.Link, UriKind.Absolute, out var u) || u.Scheme != "https")) yield return $"header link '{h.Link}' is not an https URL";
        if (h.MimeType is not null && !WhatsAppLimits.ImageMimeTypes.Contains(h.MimeType)) yield return $"header image type {h.MimeType} is not jpeg or png";
    }

    private static IEnumerable<string> CheckButtons(IReadOnlyList<TemplateButton> buttons)
    {
        if (buttons.Count > MaxButtons) yield return $"at most {MaxButtons} buttons";
        if (buttons.Count(b => b.Type == TemplateButtonType.Url) > MaxUrlButtons) yield return $"at most {MaxUrlButtons} URL buttons";
        if (buttons.Count(b => b.Type == TemplateButtonType.PhoneNumber) > MaxPhoneButtons) yield return $"at most {MaxPhoneButtons} phone button";
        foreach (var b in buttons)
        {
            if (string.IsNullOrWhiteSpace(b.Text) || b.Text.Length > MaxButtonText) yield return $"button text '{b.Text}' must be 1–{MaxButtonText} characters";
            if (b.Type == TemplateButtonType.Url)
            {
                var url = b.Url ?? "";
                var dynamic = Placeholders.In(url);
                if (!Uri.TryCreate(url.Replace("{{1}}", "x"), UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http"))
                    yield return $"button '{b.Text}': url '{b.Url}' is not an http(s) URL";
                else if (dynamic.Count > 0 && (dynamic is not ["1"] || !url.EndsWith("{{1}}", StringComparison.Ordinal) || b.Field is null))
                    yield return $"button '{b.Text}': a dynamic url ends in {{{{1}}}} and names the field that fills it";
            }
            if (b.Type == TemplateButtonType.PhoneNumber && !ContactPhoneNumbers.TryNormalizeE164(b.PhoneNumber, null, out _, out var error))
                yield return $"button '{b.Text}': {error}";
        }
    }

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex Language();
}

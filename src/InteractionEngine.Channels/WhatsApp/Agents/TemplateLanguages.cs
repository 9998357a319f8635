using InteractionEngine.Channels.WhatsApp.Templates;

namespace InteractionEngine.Channels.WhatsApp.Agents;

/// <summary>
/// Which language version of a template an agent's request means. Named: that one, or a problem listing the languages
/// that exist. Omitted: the default language, else the template's only language; a template in several languages
/// without the default needs the agent to choose.
/// </summary>
public static class TemplateLanguages
{
    public const string LanguageField = "language", TemplateField = "template";

    public static (TemplateDefinition? Template, CompositionProblem? Problem) Choose(TemplateCatalog catalog, string name, string? language, string defaultLanguage)
    {
        var versions = catalog.Named(name);
        if (versions.Count == 0) return (null, new CompositionProblem($"template {name} is not in the catalog", TemplateField));
        var languages = versions.Select(t => t.Language).ToList();
        var wanted = string.IsNullOrWhiteSpace(language) ? null : language.Trim();
        var found = wanted is not null ? versions.FirstOrDefault(t => t.Language == wanted)
            : versions.FirstOrDefault(t => t.Language == defaultLanguage) ?? (versions is [var only] ? only : null);
        if (found is not null) return (found, null);
        var list = string.Join(", ", languages);
        return (null, new CompositionProblem(
            wanted is null
                ? $"template {name} exists in {list}, not in the default {defaultLanguage}: choose a language"
                : $"template {name} has no {wanted} version; it exists in {list}",
            LanguageField, Languages: languages));
    }
}

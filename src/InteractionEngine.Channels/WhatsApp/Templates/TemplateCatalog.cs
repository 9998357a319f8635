using System.Text.Json;
using System.Text.Json.Serialization;

namespace InteractionEngine.Channels.WhatsApp.Templates;

/// <summary>
/// The notification templates a contact center may send, loaded from config/whatsapp-templates.json
/// (<c>{"templates": [...]}</c>). Loading checks every template against WhatsApp's rules and fails with all
/// problems at once, so a bad catalog stops the engine at start rather than an agent at send time.
/// </summary>
public sealed class TemplateCatalog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false) },
    };

    private readonly Dictionary<(string Name, string Language), TemplateDefinition> _byKey;

    private TemplateCatalog(IReadOnlyList<TemplateDefinition> templates)
    {
        Templates = templates;
        _byKey = templates.ToDictionary(t => (t.Name, t.Language));
    }

    public IReadOnlyList<TemplateDefinition> Templates { get; }

    public static TemplateCatalog Load(string path) => Parse(File.ReadAllText(path), path);

    public static TemplateCatalog Parse(string json, string source = "template catalog")
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new TemplateCatalogException(source, [$"not a valid catalog: {e.Message}"]);
        }
        var templates = (file?.Templates ?? []).Select(Normalize).ToList();
        var problems = TemplateRules.Check(templates);
        if (problems.Count > 0) throw new TemplateCatalogException(source, problems);
        return new TemplateCatalog(templates);
    }

    public TemplateDefinition? Find(string name, string language) => _byKey.GetValueOrDefault((name, language));

    /// <summary>Every language version of a template (empty: no template of that name), in language order.</summary>
    public IReadOnlyList<TemplateDefinition> Named(string name) =>
        Templates.Where(t => t.Name == name).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();

    /// <summary>The languages a template exists in (empty: no template of that name).</summary>
    public IReadOnlyList<string> LanguagesOf(string name) => Named(name).Select(t => t.Language).ToList();

    // Absent lists arrive as null whatever the record says; the rest of the code can rely on them.
    private static TemplateDefinition Normalize(TemplateDefinition t) =>
        t with { Fields = t.Fields ?? [], Buttons = t.Buttons ?? [] };

    private sealed record CatalogFile(IReadOnlyList<TemplateDefinition>? Templates);
}

public sealed class TemplateCatalogException(string source, IReadOnlyList<string> problems)
    : Exception($"{source}: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

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
            // Missing members are found on the raw JSON: deserialized, an absent status would read as APPROVED.
            if (MissingMembers(json) is { Count: > 0 } missing) throw new TemplateCatalogException(source, missing);
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

    private static readonly string[] RequiredMembers = ["name", "language", "category", "status", "body"];

    /// <summary>A file without a "templates" list, or templates without a required member (each named by its index and name).</summary>
    private static List<string> MissingMembers(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !TryGet(document.RootElement, "templates", out var list) || list.ValueKind != JsonValueKind.Array)
            return ["missing the \"templates\" list"];
        var problems = new List<string>();
        var index = 0;
        foreach (var template in list.EnumerateArray())
        {
            var label = template.ValueKind == JsonValueKind.Object && TryGet(template, "name", out var n) && n.ValueKind == JsonValueKind.String
                ? $"template #{index} ({n.GetString()})" : $"template #{index}";
            if (template.ValueKind != JsonValueKind.Object) problems.Add($"{label} is not an object");
            else
            {
                problems.AddRange(Missing(template, RequiredMembers).Select(m => $"{label} is missing \"{m}\""));
                // Nested parts whose absent members would also read as a default (a button without a type as QUICK_REPLY).
                foreach (var (part, members) in RequiredNested)
                    if (TryGet(template, part, out var value))
                        foreach (var (item, i) in (value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value]).Select((v, i) => (v, i)))
                            problems.AddRange(Missing(item, members).Select(m =>
                                $"{label}: {part}{(value.ValueKind == JsonValueKind.Array ? $"[{i}]" : "")} is missing \"{m}\""));
            }
            index++;
        }
        return problems;
    }

    private static readonly (string Part, string[] Members)[] RequiredNested =
        [("fields", ["placeholder", "field"]), ("buttons", ["type", "text"]), ("header", ["format"])];

    private static IEnumerable<string> Missing(JsonElement item, string[] members) =>
        item.ValueKind != JsonValueKind.Object ? []
            : members.Where(m => !TryGet(item, m, out var v) || v.ValueKind == JsonValueKind.Null);

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) { value = property.Value; return true; }
        value = default;
        return false;
    }

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

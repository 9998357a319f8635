using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// The templates "approved in WhatsApp Manager", from an optional catalog file. Without one every template name is
/// accepted; with one, unknown or unapproved templates get 132001 and wrong body parameter counts 132000, as on the platform.
/// </summary>
internal sealed partial class TemplateRegistry
{
    private readonly Dictionary<(string Name, string Language), (int BodyParameters, string Category)>? _approved;

    public TemplateRegistry(EmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TemplatesPath)) return;
        var root = JsonNode.Parse(File.ReadAllText(options.TemplatesPath));
        _approved = (root?["templates"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(t => SendRequest.Str(t, "status") == "APPROVED")
            .ToDictionary(
                t => (SendRequest.Str(t, "name") ?? "", SendRequest.Str(t, "language") ?? ""),
                t => (Placeholder().Matches(SendRequest.Str(t, "body") ?? "").Select(m => m.Value).Distinct().Count(),
                      (SendRequest.Str(t, "category") ?? "UTILITY").ToLowerInvariant()));
    }

    /// <summary>Pricing category of a template ("utility", "marketing"…), as status webhooks report it.</summary>
    public string Category(string? name, string? language) =>
        _approved is not null && _approved.TryGetValue((name ?? "", language ?? ""), out var t) ? t.Category : "utility";

    public IResult? Check(JsonObject? template)
    {
        var name = SendRequest.Str(template, "name");
        var language = SendRequest.Str(template?["language"] as JsonObject, "code");
        if (string.IsNullOrEmpty(name)) return GraphErrors.InvalidParameter("Param template['name'] is required.");
        if (string.IsNullOrEmpty(language)) return GraphErrors.InvalidParameter("Param template['language']['code'] is required.");
        if (_approved is null) return null;
        if (!_approved.TryGetValue((name, language), out var approved)) return GraphErrors.TemplateMissing(name, language);
        var body = (template!["components"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(c => SendRequest.Str(c, "type")?.Equals("body", StringComparison.OrdinalIgnoreCase) == true);
        var given = (body?["parameters"] as JsonArray)?.Count ?? 0;
        return given == approved.BodyParameters ? null : GraphErrors.TemplateParameters("body", given, approved.BodyParameters);
    }

    [GeneratedRegex(@"\{\{\s*[a-z0-9_]+\s*\}\}")]
    private static partial Regex Placeholder();
}

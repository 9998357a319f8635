using System.Text.Json;
using System.Text.Json.Nodes;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>A send request body read and checked the way the Cloud API checks it (code 100 with the parameter named).</summary>
internal sealed record SendRequest(string To, string WaId, string Type, JsonObject Body, string? CallbackData, string? TemplateName, string? TemplateLanguage)
{
    private static readonly HashSet<string> Types =
        ["text", "image", "audio", "video", "document", "sticker", "template", "interactive", "reaction", "location", "contacts"];

    public bool IsTemplate => Type == "template";

    public static (SendRequest? Request, IResult? Error) Read(byte[] raw, TemplateRegistry templates, Func<string, bool>? mediaExists = null)
    {
        JsonObject body;
        try
        {
            if (JsonNode.Parse(raw) is not JsonObject o) return (null, GraphErrors.InvalidParameter("The request body must be a JSON object."));
            body = o;
        }
        catch (JsonException)
        {
            return (null, GraphErrors.InvalidParameter("The request body is not valid JSON."));
        }

        if (Str(body, "messaging_product") != "whatsapp")
            return (null, GraphErrors.InvalidParameter("The parameter messaging_product is required and must be 'whatsapp'."));
        var to = Str(body, "to");
        var waId = to?.TrimStart('+');
        if (string.IsNullOrEmpty(waId) || waId.Length is < 7 or > 15 || !waId.All(char.IsAsciiDigit))
            return (null, GraphErrors.InvalidParameter("The parameter to is required and must be a phone number with country code."));
        var type = Str(body, "type") ?? "text"; // the API's default
        if (!Types.Contains(type)) return (null, GraphErrors.InvalidParameter($"Param type '{type}' is not a valid message type."));
        var callbackData = Str(body, "biz_opaque_callback_data");
        if (callbackData is { Length: > 512 })
            return (null, GraphErrors.InvalidParameter("Param biz_opaque_callback_data must be at most 512 characters long."));

        var problem = type switch
        {
            "text" => Text(body["text"] as JsonObject),
            "image" => Media(body["image"] as JsonObject, "image", mediaExists),
            "template" => templates.Check(body["template"] as JsonObject),
            _ => body[type] is JsonObject ? null : GraphErrors.InvalidParameter($"Param {type} is required."),
        };
        if (problem is not null) return (null, problem);
        var template = body["template"] as JsonObject;
        return (new SendRequest(to!, waId, type, body, callbackData, Str(template, "name"),
            Str(template?["language"] as JsonObject, "code")), null);
    }

    private static IResult? Text(JsonObject? text) =>
        Str(text, "body") switch
        {
            null or "" => GraphErrors.InvalidParameter("Param text['body'] is required."),
            { Length: > 4096 } => GraphErrors.InvalidParameter("Param text['body'] must be at most 4096 characters long."),
            _ => null,
        };

    private static IResult? Media(JsonObject? media, string type, Func<string, bool>? mediaExists)
    {
        var id = Str(media, "id");
        var link = Str(media, "link");
        if (media is null || (id is null) == (link is null))
            return GraphErrors.InvalidParameter($"Param {type} must have exactly one of id or link.");
        if (id is not null && mediaExists is not null && !mediaExists(id)) return GraphErrors.UnknownMedia(type, id);
        if (link is not null && (!Uri.TryCreate(link, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            return GraphErrors.InvalidParameter($"Param {type}['link'] is not a valid URL.");
        return Str(media, "caption") is { Length: > 1024 }
            ? GraphErrors.InvalidParameter($"Param {type}['caption'] must be at most 1024 characters long.")
            : null;
    }

    internal static string? Str(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

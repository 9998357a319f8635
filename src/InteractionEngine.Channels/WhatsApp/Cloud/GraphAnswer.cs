using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InteractionEngine.Channels.WhatsApp.Webhooks;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>Reads the Cloud API's answers: {messaging_product, contacts[{input, wa_id}], messages[{id}]} or {error{…}}.</summary>
internal static partial class GraphAnswer
{
    public static (string? Wamid, string? WaId) ReadAccepted(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var wamid = doc.RootElement.Arr("messages").Select(m => m.Str("id")).FirstOrDefault(id => !string.IsNullOrEmpty(id));
            var waId = doc.RootElement.Arr("contacts").Select(c => c.Str("wa_id")).FirstOrDefault(id => !string.IsNullOrEmpty(id));
            return (wamid, waId);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The Graph error envelope, or null when the body is not one (an HTML page from a proxy, an empty body).</summary>
    public static WhatsAppApiError? ReadError(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.Obj("error") is not { } e || e.Int("code") is not { } code) return null;
            var message = e.Str("message") ?? "";
            var title = CodePrefix().Replace(message, "").Trim();
            bool? transient = e.TryGetProperty("is_transient", out var t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False ? t.GetBoolean() : null;
            return new WhatsAppApiError(code, title.Length > 0 ? title : $"Graph API error {code}", e.Obj("error_data").Str("details"),
                e.Int("error_subcode"), e.Str("type"), e.Str("fbtrace_id"), transient);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static WhatsAppApiError WithoutEnvelope(HttpStatusCode status) =>
        new((int)status, $"HTTP {(int)status} {status} without a Graph error", null);

    [GeneratedRegex(@"^\(#\d+\)\s*")]
    private static partial Regex CodePrefix();
}

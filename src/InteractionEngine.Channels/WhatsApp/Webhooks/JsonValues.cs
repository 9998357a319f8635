using System.Globalization;
using System.Text.Json;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>Tolerant reads: Meta adds fields over time and writes some numbers as strings, so nothing here throws.</summary>
internal static class JsonValues
{
    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    public static string? Str(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }

    public static string? Str(this JsonElement? e, string name) => e is { } v ? v.Str(name) : null;

    public static int? Int(this JsonElement e, string name) =>
        int.TryParse(e.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>WhatsApp timestamps are unix seconds, sent as a string ("1749416383").</summary>
    public static DateTimeOffset? UnixSeconds(this JsonElement e, string name) =>
        long.TryParse(e.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
        && s is >= 0 and <= 253_402_300_799 // DateTimeOffset.MaxValue in unix seconds
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;

    public static string? NullIfEmpty(this string? s) => string.IsNullOrEmpty(s) ? null : s;
}

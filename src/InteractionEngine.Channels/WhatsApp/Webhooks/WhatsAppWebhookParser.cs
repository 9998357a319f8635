using System.Text;
using System.Text.Json;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>
/// Reads the Cloud API webhook envelope (object, entry[], changes[], value) into <see cref="WhatsAppWebhook"/>.
/// Pure: no clock, no I/O; every time comes from the payload. Never throws for any input: malformed JSON or
/// a body that is not a WhatsApp Business Account notification gives an error result (the endpoint answers 400).
/// </summary>
public static class WhatsAppWebhookParser
{
    public const string BusinessAccountObject = "whatsapp_business_account";

    /// <summary>Meta's largest webhook payload; the endpoint refuses bigger bodies with 413 before reading them.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    public static WebhookParseResult Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    public static WebhookParseResult Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return WebhookParseResult.Fail("the body is empty");
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read()) { document.Dispose(); return WebhookParseResult.Fail("the body has content after the JSON value"); }
        }
        catch (JsonException e)
        {
            return WebhookParseResult.Fail($"the body is not JSON: {e.Message}");
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static WebhookParseResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return WebhookParseResult.Fail("the body is not a JSON object");
        var obj = root.Str("object");
        if (obj != BusinessAccountObject)
            return WebhookParseResult.Fail($"object is '{obj ?? "(missing)"}', expected '{BusinessAccountObject}'");
        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            return WebhookParseResult.Fail("entry[] is missing");

        var changes = new List<WhatsAppChange>();
        var problems = new List<string>();
        var entryIndex = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var businessAccountId = entry.Str("id") ?? "";
            var changeIndex = 0;
            foreach (var change in entry.Arr("changes"))
            {
                var where = $"entry[{entryIndex}].changes[{changeIndex++}]";
                changes.Add(ReadChange(businessAccountId, change, where, problems));
            }
            entryIndex++;
        }
        return WebhookParseResult.Ok(new WhatsAppWebhook(obj, changes, problems));
    }

    private static WhatsAppChange ReadChange(string businessAccountId, JsonElement change, string where, List<string> problems)
    {
        // Cloud API sends field "messages" for messages, statuses and errors; older samples omit it.
        var field = change.Str("field") ?? "messages";
        var value = change.Obj("value");
        var metadata = value?.Obj("metadata");
        var phoneNumberId = metadata.Str("phone_number_id");
        if (field != "messages" || value is not { } v)
            return new WhatsAppChange(businessAccountId, field, phoneNumberId, metadata.Str("display_phone_number"), [], [], []);
        if (phoneNumberId is null && (v.Arr("messages").Any() || v.Arr("statuses").Any()))
            problems.Add($"{where}: value.metadata.phone_number_id is missing; its messages and statuses were skipped");

        var profiles = v.Arr("contacts")
            .Select(c => (WaId: c.Str("wa_id"), Name: c.Obj("profile").Str("name")))
            .Where(c => c.WaId is not null)
            .ToList();
        var messages = phoneNumberId is null ? [] : ReadAll(v, "messages", where, (m, w) => MessageReader.Read(phoneNumberId, m, profiles, w, problems));
        var statuses = phoneNumberId is null ? [] : ReadAll(v, "statuses", where, (s, w) => StatusReader.Read(phoneNumberId, s, w, problems));
        var errors = v.Arr("errors").Select(ErrorReader.Read).ToList();
        return new WhatsAppChange(businessAccountId, field, phoneNumberId, metadata.Str("display_phone_number"), messages, statuses, errors);
    }

    private static List<T> ReadAll<T>(JsonElement value, string name, string where, Func<JsonElement, string, T?> read)
        where T : class
    {
        var items = new List<T>();
        var i = 0;
        foreach (var element in value.Arr(name))
        {
            if (read(element, $"{where}.value.{name}[{i++}]") is { } item) items.Add(item);
        }
        return items;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>Webhook bodies in the Cloud API's shape: object, entry[{id, changes[{value{…}, field}]}].</summary>
internal static class WebhookPayloads
{
    public static JsonObject Envelope(string businessAccountId, BusinessNumber number, JsonObject value)
    {
        var content = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = number.DisplayPhoneNumber, ["phone_number_id"] = number.PhoneNumberId },
        };
        foreach (var (key, node) in value.ToList())
        {
            value.Remove(key);
            content[key] = node;
        }
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = businessAccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = content, ["field"] = "messages" }),
            }),
        };
    }

    /// <summary>One statuses[] item. Conversation and pricing come with sent and delivered, not with read.</summary>
    public static JsonObject Status(SentMessage message, string status, DateTimeOffset at, string category, JsonObject? error = null)
    {
        var item = new JsonObject
        {
            ["id"] = message.Wamid,
            ["status"] = status,
            ["timestamp"] = Unix(at),
            ["recipient_id"] = message.To.TrimStart('+'),
        };
        if (status is "sent" or "delivered")
        {
            var conversation = new JsonObject { ["id"] = ConversationId(message.To), ["origin"] = new JsonObject { ["type"] = category } };
            if (status == "sent") conversation["expiration_timestamp"] = Unix(at.AddHours(24));
            item["conversation"] = conversation;
            item["pricing"] = new JsonObject
            {
                ["billable"] = category != "service",
                ["pricing_model"] = "PMP",
                ["category"] = category,
                ["type"] = category == "service" ? "free_customer_service" : "regular",
            };
        }
        if (error is not null) item["errors"] = new JsonArray(error);
        if (SendRequest.Str(message.Body, "biz_opaque_callback_data") is { } callbackData) item["biz_opaque_callback_data"] = callbackData;
        return new JsonObject { ["statuses"] = new JsonArray(item) };
    }

    /// <summary>contacts[{profile{name}, wa_id}] and messages[{from, id, timestamp, type, {type}: …, context?}].</summary>
    public static JsonObject Inbound(string waId, string? profileName, string wamid, DateTimeOffset at, string type, JsonNode content, JsonObject? context)
    {
        var message = new JsonObject { ["from"] = waId, ["id"] = wamid, ["timestamp"] = Unix(at), ["type"] = type, [type] = content };
        if (context is not null) message["context"] = context;
        return new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = profileName ?? waId }, ["wa_id"] = waId }),
            ["messages"] = new JsonArray(message),
        };
    }

    public static string NewWamid() => "wamid." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string ConversationId(string to) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(to)))[..32];
}

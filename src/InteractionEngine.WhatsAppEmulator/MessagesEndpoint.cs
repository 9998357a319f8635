using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// POST /{version}/{phone-number-id}/messages, answered as the Cloud API answers: 200
/// {messaging_product, contacts[{input, wa_id}], messages[{id}]}, or a Graph error envelope (401 token, 400 parameters
/// and recipients, 404 template, 429 throughput, 500 transient). Statuses follow as signed webhooks.
/// </summary>
internal static class MessagesEndpoint
{
    public static void MapMessages(this IEndpointRouteBuilder app) =>
        app.MapPost("/{version:regex(^v\\d+\\.\\d+$)}/{phoneNumberId}/messages", HandleAsync);

    private static async Task<IResult> HandleAsync(
        string phoneNumberId, HttpRequest http, IOptions<EmulatorOptions> options, EmulatorState state,
        TemplateRegistry templates, StatusScheduler statuses, TimeProvider time)
    {
        state.CountReceived();
        var o = options.Value;
        if (GraphAuth.Check(http, o) is { } denied) return denied;
        if (o.EffectivePhoneNumbers.FirstOrDefault(n => n.PhoneNumberId == phoneNumberId) is not { } number)
            return GraphErrors.UnknownObject(phoneNumberId);
        if (state.TakeRateLimit()) return GraphErrors.RateLimited();
        if (state.TakeServerError()) return GraphErrors.ServerError();

        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, http.HttpContext.RequestAborted);
        var (request, error) = SendRequest.Read(buffer.ToArray(), templates, id => state.Media(id) is not null);
        if (error is not null) return error;
        var send = request!;
        if (o.AllowedRecipients.Count > 0 && !o.AllowedRecipients.Select(r => r.TrimStart('+')).Contains(send.WaId))
            return GraphErrors.NotAllowed();
        var unreachable = o.UnreachableNumbers.Select(r => r.TrimStart('+')).Contains(send.WaId);
        if (unreachable && o.UnreachableMode == UnreachableMode.Response) return GraphErrors.Undeliverable();

        var now = time.GetUtcNow();
        var message = new SentMessage(WebhookPayloads.NewWamid(), phoneNumberId, send.To, send.Type, send.Body, now);
        state.Record(message);
        var category = send.IsTemplate ? templates.Category(send.TemplateName, send.TemplateLanguage) : "service";
        statuses.Schedule(message, number, category, Failure(send, unreachable, o, state, now));

        var sent = new JsonObject { ["id"] = message.Wamid };
        if (send.IsTemplate) sent["message_status"] = "accepted";
        return Results.Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = send.To, ["wa_id"] = send.WaId }),
            ["messages"] = new JsonArray(sent),
        });
    }

    /// <summary>Failures the platform reports after accepting: in a failed status webhook, not in the answer.</summary>
    private static JsonObject? Failure(SendRequest send, bool unreachable, EmulatorOptions o, EmulatorState state, DateTimeOffset now)
    {
        if (unreachable) return GraphErrors.StatusError(131026, "Message undeliverable", "Message Undeliverable.");
        var windowOpen = state.LastInbound(send.WaId) is { } last && now - last < TimeSpan.FromHours(24);
        if (o.EnforceCustomerServiceWindow && !send.IsTemplate && !windowOpen)
            return GraphErrors.StatusError(131047, "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
        return null;
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// The emulator's own API (not part of WhatsApp): make a simulated contact write, inject faults, and read what was
/// sent and which webhooks were posted.
/// </summary>
internal static class ControlEndpoints
{
    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/emulator");
        control.MapPost("/contacts/{waId}/messages", ContactWritesAsync);
        control.MapGet("/sends", (EmulatorState s) => Results.Json(new
        {
            received = s.ReceivedSends, accepted = s.Accepted.Count, messages = s.Accepted,
            uploadsReceived = s.ReceivedUploads, uploads = s.Uploads,
        }));
        control.MapGet("/webhooks", (EmulatorState s) => Results.Json(s.Deliveries));
        control.MapPost("/webhooks", PostRawWebhookAsync);
        control.MapPost("/faults", (Faults f, EmulatorState s) =>
        {
            s.SetFaults(f.RateLimitNext, f.ServerErrorNext, f.MediaServerErrorNext, f.MediaForeignHostNext, f.MediaRedirectNext);
            return Results.Json(new Faults(s.RateLimitNext, s.ServerErrorNext, s.MediaServerErrorNext, s.MediaForeignHostNext, s.MediaRedirectNext));
        });
        // Meta keeps a contact's media for a limited time: after this, its lookup and download answer as for an unknown id.
        control.MapPost("/media/{mediaId}/expire", (string mediaId, EmulatorState s, TimeProvider time) =>
            s.Expire(mediaId, time.GetUtcNow()) ? Results.NoContent() : Results.Problem($"no media {mediaId}", statusCode: 404));
        control.MapPost("/reset", (EmulatorState s) => { s.Reset(); return Results.NoContent(); });
    }

    private static async Task<IResult> ContactWritesAsync(
        string waId, ContactMessageRequest request, IOptions<EmulatorOptions> options, EmulatorState state,
        WebhookPoster poster, TimeProvider time, CancellationToken cancellationToken)
    {
        if (waId.Length is < 7 or > 15 || !waId.All(char.IsAsciiDigit))
            return Results.Problem($"'{waId}' is not a wa_id (digits with country code, no +)", statusCode: 400);
        if (request.Problem() is { } problem) return Results.Problem(problem, statusCode: 400);
        var o = options.Value;
        var repliedTo = request.ReplyTo is { } r ? state.Find(r) : null;
        var numberId = request.PhoneNumberId ?? repliedTo?.PhoneNumberId ?? o.EffectivePhoneNumbers[0].PhoneNumberId;
        if (o.EffectivePhoneNumbers.FirstOrDefault(n => n.PhoneNumberId == numberId) is not { } number)
            return Results.Problem($"phone number id {numberId} is not one of the emulator's business numbers", statusCode: 400);

        var now = time.GetUtcNow();
        var wamid = WebhookPayloads.NewWamid();
        var (type, content) = request.Content((mime, fallbackMime, bytes) =>
        {
            var media = ContactMessageRequest.NewMedia(mime ?? fallbackMime, bytes, now + o.MediaLifetime);
            state.Store(media);
            return media;
        });
        var context = request.ReplyTo is { } replyTo ? new JsonObject { ["from"] = number.DisplayPhoneNumber, ["id"] = replyTo } : null;
        var payload = WebhookPayloads.Envelope(o.BusinessAccountId, number,
            WebhookPayloads.Inbound(waId, request.ProfileName, wamid, now, type, content, context));
        state.ContactWrote(waId, now); // opens the 24-hour customer service window
        var delivery = await poster.PostAsync($"inbound:{type}", wamid, payload, cancellationToken);
        return Results.Json(new
        {
            id = wamid,
            webhook = new { posted = delivery.Delivered, httpStatus = delivery.HttpStatus, attempts = delivery.Attempts, error = delivery.Error },
            payload,
        });
    }

    /// <summary>Signs any webhook body (e.g. one written by hand from Meta's documentation) with the app secret and posts it to the callback URL.</summary>
    private static async Task<IResult> PostRawWebhookAsync(HttpRequest http, WebhookPoster poster, CancellationToken cancellationToken)
    {
        JsonObject payload;
        try
        {
            if (await JsonNode.ParseAsync(http.Body, cancellationToken: cancellationToken) is not JsonObject o)
                return Results.Problem("the body must be a webhook JSON object ({\"object\":\"whatsapp_business_account\",\"entry\":[…]})", statusCode: 400);
            payload = o;
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem($"the body is not JSON: {e.Message}", statusCode: 400);
        }
        var delivery = await poster.PostAsync("raw", "-", payload, cancellationToken);
        return Results.Json(new { posted = delivery.Delivered, httpStatus = delivery.HttpStatus, attempts = delivery.Attempts, error = delivery.Error });
    }

    internal sealed record Faults(int? RateLimitNext, int? ServerErrorNext, int? MediaServerErrorNext = null,
        int? MediaForeignHostNext = null, int? MediaRedirectNext = null);
}

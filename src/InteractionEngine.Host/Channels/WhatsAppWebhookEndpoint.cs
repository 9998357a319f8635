using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Inbound;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Channels;

/// <summary>What a webhook delivery was: messages and statuses stored, items acknowledged but not stored.</summary>
public sealed record WebhookReceipt(int Messages, int Statuses, int Ignored);

/// <summary>
/// Meta's webhook: GET is the subscription handshake, POST carries messages and statuses. Anonymous: the
/// X-Hub-Signature-256 over the raw body is the credential. 200 only once every command of the batch is durable.
/// The handling itself is <see cref="WhatsAppWebhookHandler"/>; this reads the body and maps the outcome to HTTP.
/// </summary>
public static class WhatsAppWebhookEndpoint
{
    public const string Path = "/api/v1/channels/whatsapp/webhook";

    public static void MapWhatsAppWebhook(this IEndpointRouteBuilder app)
    {
        var webhook = app.MapGroup(Path).WithTags("WhatsApp").AllowAnonymous();
        webhook.MapGet("/", Verify).Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblems(StatusCodes.Status403Forbidden)
            .WithSummary("Meta's webhook verification handshake (hub.mode, hub.verify_token, hub.challenge)");
        webhook.MapPost("/", Receive).WithMetadata(new RequestSizeLimitAttribute(WhatsAppWebhookParser.MaxBodyBytes))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Meta's signed webhook: contacts' messages and delivery statuses");
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Verify(HttpContext http, IOptions<WhatsAppChannelOptions> options)
    {
        var q = http.Request.Query;
        return WebhookVerification.Answer(q["hub.mode"], q["hub.verify_token"], q["hub.challenge"], options.Value.VerifyToken) is { } challenge
            ? TypedResults.Text(challenge, "text/plain")
            : ReplyResults.Problem(StatusCodes.Status403Forbidden, "Verification refused", "hub.mode or hub.verify_token does not match");
    }

    private static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> Receive(HttpContext http, WhatsAppWebhookHandler handler)
    {
        if (http.Request.ContentLength is > WhatsAppWebhookParser.MaxBodyBytes) return TooLarge();
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > WhatsAppWebhookParser.MaxBodyBytes) return TooLarge();
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        var outcome = await handler.HandleAsync(body, http.Request.Headers[WebhookSignature.HeaderName], CorrelationIdMiddleware.Of(http), http.RequestAborted);
        return outcome switch
        {
            WebhookOutcome.Applied a => TypedResults.Ok(new WebhookReceipt(a.Messages, a.Statuses, a.Ignored)),
            WebhookOutcome.InvalidSignature => ReplyResults.Problem(StatusCodes.Status401Unauthorized, "Invalid signature", $"{WebhookSignature.HeaderName} does not match the body"),
            WebhookOutcome.Malformed m => ReplyResults.Invalid(m.Error),
            WebhookOutcome.Unavailable u => ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "Not durable yet; Meta retries", u.Reason),
            _ => ReplyResults.Problem(StatusCodes.Status500InternalServerError, "Unexpected webhook outcome", null),
        };
    }

    private static ProblemHttpResult TooLarge() => ReplyResults.Problem(StatusCodes.Status413PayloadTooLarge, "The webhook body is too large",
        $"at most {WhatsAppWebhookParser.MaxBodyBytes} bytes");
}

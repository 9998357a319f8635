using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Inbound;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Host.Conversations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Channels;

/// <summary>
/// Meta's webhook: GET is the subscription handshake, POST carries messages and statuses. Anonymous: the
/// X-Hub-Signature-256 over the raw body is the credential. 200 only once every command of the batch is durable.
/// The handling itself is <see cref="WhatsAppWebhookHandler"/>; this reads the body and maps the outcome to HTTP.
/// </summary>
public static class WhatsAppWebhookEndpoint
{
    public const string Path = "/api/v1/channels/whatsapp/webhook";

    public sealed record WebhookAccepted(int Messages, int Statuses, int Ignored);

    public static void MapWhatsAppWebhook(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("WhatsApp").AllowAnonymous();
        group.MapGet("/", Verify).WithSummary("Meta's webhook verification handshake (hub.mode, hub.verify_token, hub.challenge)");
        group.MapPost("/", Receive)
            .WithMetadata(new RequestSizeLimitAttribute(WhatsAppWebhookParser.MaxBodyBytes))
            .WithSummary("Meta's signed webhook: contacts' messages and delivery statuses");
    }

    private static IResult Verify(HttpContext http, IOptions<WhatsAppChannelOptions> options)
    {
        var q = http.Request.Query;
        return WebhookVerification.Answer(q["hub.mode"], q["hub.verify_token"], q["hub.challenge"], options.Value.VerifyToken) is { } challenge
            ? Results.Text(challenge, "text/plain")
            : ReplyResults.Problem(StatusCodes.Status403Forbidden, "Verification refused", "hub.mode or hub.verify_token does not match");
    }

    private static async Task<IResult> Receive(HttpContext http, WhatsAppWebhookHandler handler)
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
            WebhookOutcome.Applied a => TypedResults.Ok(new WebhookAccepted(a.Messages, a.Statuses, a.Ignored)),
            WebhookOutcome.InvalidSignature => ReplyResults.Problem(StatusCodes.Status401Unauthorized, "Invalid signature", $"{WebhookSignature.HeaderName} does not match the body"),
            WebhookOutcome.Malformed m => ReplyResults.Invalid(m.Error),
            WebhookOutcome.Unavailable u => ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "Not durable yet; Meta retries", u.Reason),
            _ => ReplyResults.Problem(StatusCodes.Status500InternalServerError, "Unexpected webhook outcome", null),
        };
    }

    private static IResult TooLarge() => ReplyResults.Problem(StatusCodes.Status413PayloadTooLarge, "The webhook body is too large",
        $"at most {WhatsAppWebhookParser.MaxBodyBytes} bytes");
}

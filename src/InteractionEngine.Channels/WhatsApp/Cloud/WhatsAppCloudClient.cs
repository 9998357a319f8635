using System.Net.Http.Headers;
using System.Text.Json;
using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>
/// Sends messages through the WhatsApp Cloud API (POST /{version}/{phone-number-id}/messages), a typed HttpClient.
/// Checks WhatsApp's limits first, retries only what WhatsApp certainly did not accept (see <see cref="SendRetryPolicy"/>),
/// and never throws for a platform or network failure: every outcome is a <see cref="SendResult"/>.
/// Cancelling <c>cancellationToken</c> mid-request throws; treat such a send as outcome unknown.
/// </summary>
public sealed partial class WhatsAppCloudClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly WhatsAppCloudOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public WhatsAppCloudClient(HttpClient http, IOptions<WhatsAppCloudOptions> options, TimeProvider time, ILogger<WhatsAppCloudClient> log)
    {
        _options = options.Value;
        if (_options.Problem() is { } problem) throw new InvalidOperationException($"{WhatsAppCloudOptions.Section}: {problem}");
        // Then a timeout that is neither the attempt's nor the caller's can only be the handler's ConnectTimeout.
        if (http.Timeout != Timeout.InfiniteTimeSpan && http.Timeout <= _options.AttemptTimeout)
            throw new InvalidOperationException($"HttpClient.Timeout ({http.Timeout}) must be infinite or longer than AttemptTimeout ({_options.AttemptTimeout})");
        _http = http;
        _time = time;
        _log = log;
    }

    public Task<SendResult> SendTextAsync(string to, string text, SendOptions? options = null, CancellationToken cancellationToken = default) =>
        WhatsAppLimits.TextProblem(text) is { } problem
            ? Refused(problem)
            : SendAsync(new OutboundMessage(to, "text", Text: new TextBody(text)), options, cancellationToken);

    /// <param name="image">
    /// Reference "whatsapp-media:{id}" (media WhatsApp holds, e.g. from <see cref="UploadImageAsync"/>) or an https link;
    /// jpeg or png up to 5 MB. An engine attachment ("attachment:{id}") must be uploaded first.
    /// </param>
    public Task<SendResult> SendImageAsync(string to, Attachment image, SendOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (WhatsAppLimits.ImageProblem(image) is { } problem) return Refused(problem);
        if (WhatsAppLimits.MediaReference(image.Reference, out var error) is not { } reference) return Refused(error!);
        return SendAsync(new OutboundMessage(to, "image", Image: reference with { Caption = image.Caption }), options, cancellationToken);
    }

    /// <summary>
    /// Uploads an image the engine holds to WhatsApp's media endpoint, then sends it by its media id (WhatsApp's
    /// recommended way; a link would make WhatsApp fetch it from a public server). A failed upload sends nothing and is
    /// returned as the send's failure.
    /// </summary>
    public async Task<SendResult> SendImageAsync(string to, ImageContent image, string? caption, SendOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (WhatsAppLimits.RecipientProblem(to) is { } recipientProblem) return await Refused(recipientProblem);
        if (caption is { Length: > WhatsAppLimits.MaxCaptionLength })
            return await Refused($"caption is {caption.Length} characters; WhatsApp allows at most {WhatsAppLimits.MaxCaptionLength}");
        var upload = await UploadImageAsync(image, options?.PhoneNumberId, cancellationToken);
        if (upload.Failure is { } failed) return failed;
        return await SendImageAsync(to, new Attachment(upload.Reference!, image.MimeType, image.Bytes.LongLength, image.FileName, caption), options, cancellationToken);
    }

    /// <summary>Sends a template as rendered by <see cref="Templates.TemplateRenderer"/> (which refuses unapproved templates).</summary>
    public Task<SendResult> SendTemplateAsync(string to, TemplatePayload template, SendOptions? options = null, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(template.Name) || string.IsNullOrWhiteSpace(template.Language.Code)
            ? Refused("a template needs a name and a language")
            : SendAsync(new OutboundMessage(to, "template", Template: template), options, cancellationToken);

    /// <summary>Builds the template components from plain values: header image, body parameters in order, button parameters.</summary>
    public Task<SendResult> SendTemplateAsync(
        string to, string templateName, string language, string? headerImageLinkOrMediaReference,
        IReadOnlyList<TemplateParameter> bodyParameters, IReadOnlyList<TemplateButtonParameter> buttonParameters,
        SendOptions? options = null, CancellationToken cancellationToken = default)
    {
        var components = new List<TemplateComponent>();
        if (headerImageLinkOrMediaReference is not null)
        {
            if (WhatsAppLimits.MediaReference(headerImageLinkOrMediaReference, out var error) is not { } media) return Refused(error!);
            components.Add(new TemplateComponent("header", [TemplateParameter.ForImage(media)]));
        }
        if (bodyParameters.Count > 0) components.Add(new TemplateComponent("body", bodyParameters));
        components.AddRange(buttonParameters.Select(b => b.ToComponent()));
        return SendTemplateAsync(to, new TemplatePayload(templateName, new TemplateLanguage(language), components), options, cancellationToken);
    }

    private async Task<SendResult> SendAsync(OutboundMessage message, SendOptions? options, CancellationToken cancellationToken)
    {
        if (WhatsAppLimits.RecipientProblem(message.To) is { } recipientProblem) return await Refused(recipientProblem);
        var callbackData = options?.Correlation?.Format();
        if (callbackData is { Length: > WhatsAppLimits.MaxCallbackDataLength }) return await Refused("correlation data is longer than 512 characters");
        var phoneNumberId = options?.PhoneNumberId ?? _options.PhoneNumberId;
        if (string.IsNullOrWhiteSpace(phoneNumberId)) return await Refused($"no phone number id: set {WhatsAppCloudOptions.Section}:PhoneNumberId");

        var body = JsonSerializer.SerializeToUtf8Bytes(message with
        {
            Context = options?.ReplyToWamid is { } replyTo ? new MessageContext(replyTo) : null,
            BizOpaqueCallbackData = callbackData,
        }, PayloadJson.Options);
        var uri = new Uri($"{_options.BaseUrl.TrimEnd('/')}/{_options.ApiVersion}/{Uri.EscapeDataString(phoneNumberId)}/messages");

        for (var attempt = 1; ; attempt++)
        {
            var (result, retryAfter) = await AttemptAsync(uri, body, cancellationToken);
            var retry = result is SendResult.Failed { Retryable: true } && attempt < _options.MaxAttempts;
            if (!retry)
            {
                Log(result, message.Type, attempt);
                return result with { Attempts = attempt };
            }
            var delay = SendRetryPolicy.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, retryAfter, _time.GetUtcNow(), Random.Shared.NextDouble());
            _log.LogWarning("WhatsApp send attempt {Attempt} refused ({Code} {Title}); retrying in {DelayMs} ms",
                attempt, ((SendResult.Failed)result).Error.Code, ((SendResult.Failed)result).Error.Title, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task<(SendResult, RetryConditionHeaderValue?)> AttemptAsync(Uri uri, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return (SendRetryPolicy.Classify(response.StatusCode, answer), response.Headers.RetryAfter);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested
                                                   && e.InnerException is TimeoutException)
        {
            return (SendRetryPolicy.Unreachable(e.InnerException.Message), null); // SocketsHttpHandler.ConnectTimeout: never connected
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (SendRetryPolicy.Unknown($"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s"), null);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                                                 or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            return (SendRetryPolicy.Unreachable(e.Message), null); // no connection, so nothing was sent
        }
        catch (HttpRequestException e)
        {
            return (SendRetryPolicy.Unknown($"the connection failed after sending: {e.Message}"), null);
        }
    }

    private void Log(SendResult result, string type, int attempts)
    {
        switch (result)
        {
            case SendResult.Accepted a:
                _log.LogInformation("WhatsApp accepted {Type} message {Wamid} after {Attempts} attempt(s)", type, a.Wamid, attempts);
                break;
            case SendResult.Failed f:
                _log.LogWarning("WhatsApp {Type} message failed after {Attempts} attempt(s): {Kind} {Code} {Title} {Details}",
                    type, attempts, f.Kind, f.Error.Code, f.Error.Title, f.Error.Details);
                break;
        }
    }

    private Task<SendResult> Refused(string reason)
    {
        _log.LogInformation("WhatsApp send refused before sending: {Reason}", reason);
        return Task.FromResult<SendResult>(SendRetryPolicy.RefusedBeforeSend(reason));
    }
}

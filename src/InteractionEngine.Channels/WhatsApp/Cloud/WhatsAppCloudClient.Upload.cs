using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>An image the engine holds (e.g. uploaded through /api/v1/attachments), to upload to WhatsApp's media endpoint.</summary>
public sealed record ImageContent(byte[] Bytes, string MimeType, string? FileName = null);

/// <summary>The media id WhatsApp gave an upload ("whatsapp-media:{id}" in the engine), or why there is none.</summary>
public sealed record MediaUploadResult(string? MediaId, SendResult.Failed? Failure, int Attempts)
{
    public bool Succeeded => MediaId is not null;
    public string? Reference => MediaId is null ? null : WhatsAppMedia.Reference(MediaId);
}

public sealed partial class WhatsAppCloudClient
{
    /// <summary>
    /// POST /{version}/{phone-number-id}/media (multipart: messaging_product=whatsapp, type, file) → {"id": media id},
    /// which a message then names (image.id). Checked first against WhatsApp's image limits (jpeg or png, the bytes
    /// agreeing with the type, at most 5 MB). Unlike a message, an upload is safe to repeat — a second copy is only an
    /// unused media object that WhatsApp deletes after 30 days — so an attempt whose outcome is unknown is retried too.
    /// </summary>
    public async Task<MediaUploadResult> UploadImageAsync(ImageContent image, string? phoneNumberId = null, CancellationToken cancellationToken = default)
    {
        if (WhatsAppLimits.ImageContentProblem(image.MimeType, image.Bytes) is { } problem)
        {
            _log.LogInformation("WhatsApp media upload refused before sending: {Reason}", problem);
            return new MediaUploadResult(null, SendRetryPolicy.RefusedBeforeSend(problem), 0);
        }
        var from = phoneNumberId ?? _options.PhoneNumberId;
        if (string.IsNullOrWhiteSpace(from))
            return new MediaUploadResult(null, SendRetryPolicy.RefusedBeforeSend($"no phone number id: set {WhatsAppCloudOptions.Section}:PhoneNumberId"), 0);
        var uri = new Uri($"{_options.BaseUrl.TrimEnd('/')}/{_options.ApiVersion}/{Uri.EscapeDataString(from)}/media");
        var mime = image.MimeType.ToLowerInvariant();

        for (var attempt = 1; ; attempt++)
        {
            var (mediaId, failure, retryAfter) = await UploadAttemptAsync(uri, image, mime, cancellationToken);
            if (mediaId is not null)
            {
                _log.LogInformation("WhatsApp stored {MimeType} media {MediaId} ({Bytes} bytes) after {Attempts} attempt(s)", mime, mediaId, image.Bytes.Length, attempt);
                return new MediaUploadResult(mediaId, null, attempt);
            }
            var retry = (failure!.Retryable || failure.Kind == SendFailure.OutcomeUnknown) && attempt < _options.MaxAttempts;
            if (!retry)
            {
                _log.LogWarning("WhatsApp media upload failed after {Attempts} attempt(s): {Kind} {Code} {Title} {Details}",
                    attempt, failure.Kind, failure.Error.Code, failure.Error.Title, failure.Error.Details);
                return new MediaUploadResult(null, failure with { Attempts = attempt }, attempt);
            }
            var delay = SendRetryPolicy.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, retryAfter, _time.GetUtcNow(), Random.Shared.NextDouble());
            _log.LogWarning("WhatsApp media upload attempt {Attempt} failed ({Code} {Title}); retrying in {DelayMs} ms",
                attempt, failure.Error.Code, failure.Error.Title, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task<(string? MediaId, SendResult.Failed? Failure, RetryConditionHeaderValue? RetryAfter)> UploadAttemptAsync(
        Uri uri, ImageContent image, string mime, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("whatsapp"), "messaging_product");
        form.Add(new StringContent(mime), "type");
        var file = new ByteArrayContent(image.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mime);
        form.Add(file, "file", FileName(image.FileName, mime));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (response.IsSuccessStatusCode)
                return ReadMediaId(answer) is { } id
                    ? (id, null, null)
                    : (null, SendRetryPolicy.Unknown($"HTTP {(int)response.StatusCode} without a media id", (int)response.StatusCode), null);
            var failed = SendRetryPolicy.Classify(response.StatusCode, answer) as SendResult.Failed
                         ?? SendRetryPolicy.Unknown($"HTTP {(int)response.StatusCode}", (int)response.StatusCode);
            return (null, failed, response.Headers.RetryAfter);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested
                                                   && e.InnerException is TimeoutException)
        {
            return (null, SendRetryPolicy.Unreachable(e.InnerException.Message), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, SendRetryPolicy.Unknown($"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s"), null);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                                                 or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            return (null, SendRetryPolicy.Unreachable(e.Message), null);
        }
        catch (HttpRequestException e)
        {
            return (null, SendRetryPolicy.Unknown($"the connection failed after sending: {e.Message}"), null);
        }
    }

    private static string FileName(string? given, string mime)
    {
        var name = string.IsNullOrWhiteSpace(given) ? "image" : Path.GetFileName(given.Trim());
        return Path.HasExtension(name) ? name : name + (mime == "image/png" ? ".png" : ".jpg");
    }

    private static string? ReadMediaId(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id)
                   && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } s ? s : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

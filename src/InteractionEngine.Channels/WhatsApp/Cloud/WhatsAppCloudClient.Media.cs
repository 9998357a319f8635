using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

public sealed partial class WhatsAppCloudClient
{
    /// <summary>
    /// GET /{version}/{media-id}: the media's temporary download url, type, sha256 and size (which inbound webhooks
    /// lack). Null when WhatsApp does not answer with it. A read, so it is safe to call again.
    /// </summary>
    public async Task<WhatsAppMediaInfo?> GetMediaInfoAsync(string mediaId, string? phoneNumberId = null, CancellationToken cancellationToken = default)
    {
        var from = phoneNumberId ?? _options.PhoneNumberId;
        var query = string.IsNullOrEmpty(from) ? "" : $"?phone_number_id={Uri.EscapeDataString(from)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_options.BaseUrl.TrimEnd('/')}/{_options.ApiVersion}/{Uri.EscapeDataString(mediaId)}{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (response.IsSuccessStatusCode && WhatsAppMediaInfo.Read(body) is { } info) return info;
            _log.LogWarning("WhatsApp media {MediaId} lookup answered {Status}: {Error}", mediaId, (int)response.StatusCode, GraphAnswer.ReadError(body)?.Title);
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("WhatsApp media {MediaId} lookup failed: {Reason}", mediaId, e.Message);
        }
        return null;
    }
}

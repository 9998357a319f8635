using System.Net;
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

    /// <summary>
    /// Fetches a media file WhatsApp holds: GET /{media-id} for its url, then GET the url with the access token, reading at
    /// most <paramref name="maxBytes"/> (a larger file is refused before or while it downloads). The token goes only to
    /// <paramref name="downloadHosts"/> (default: <see cref="MediaDownloadHosts.Default"/>) and the Graph host: a url
    /// elsewhere, or a redirect there, is a final failure and nothing is sent to it. Never throws for a platform or
    /// network failure; cancelling <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<MediaDownload> DownloadMediaAsync(string mediaId, long maxBytes, string? phoneNumberId = null,
        IReadOnlyCollection<string>? downloadHosts = null, CancellationToken cancellationToken = default)
    {
        var hosts = new MediaDownloadHosts(downloadHosts, _options.BaseUrl);
        var from = phoneNumberId ?? _options.PhoneNumberId;
        var query = string.IsNullOrEmpty(from) ? "" : $"?phone_number_id={Uri.EscapeDataString(from)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var lookup = new HttpRequestMessage(HttpMethod.Get, $"{_options.BaseUrl.TrimEnd('/')}/{_options.ApiVersion}/{Uri.EscapeDataString(mediaId)}{query}");
            lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
            WhatsAppMediaInfo info;
            using (var response = await _http.SendAsync(lookup, timeout.Token))
            {
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                if (!response.IsSuccessStatusCode) return GraphFailure("lookup", response.StatusCode, body);
                if (WhatsAppMediaInfo.Read(body) is not { } read) return new MediaDownload.Failed("the media lookup answered without a url", Retryable: true);
                info = read;
            }
            if (info.FileSize > maxBytes)
                return new MediaDownload.Failed($"the media is {info.FileSize} bytes; at most {maxBytes} are allowed for its type", Retryable: false);
            if (!Uri.TryCreate(info.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                return new MediaDownload.Failed($"the media lookup gave no usable url ({info.Url})", Retryable: false);

            var (answer, refused) = await GetFileAsync(mediaId, url, hosts, timeout.Token);
            if (refused is not null) return refused;
            using var file = answer!;
            if (!file.IsSuccessStatusCode)
            {
                var body = await file.Content.ReadAsByteArrayAsync(timeout.Token);
                return GraphFailure("download", file.StatusCode, body);
            }
            if (file.Content.Headers.ContentLength > maxBytes)
                return new MediaDownload.Failed($"the media is {file.Content.Headers.ContentLength} bytes; at most {maxBytes} are allowed for its type", Retryable: false);
            var content = await ReadAtMostAsync(await file.Content.ReadAsStreamAsync(timeout.Token), maxBytes, timeout.Token);
            return content is null
                ? new MediaDownload.Failed($"the media is larger than the {maxBytes} bytes allowed for its type", Retryable: false)
                : new MediaDownload.Fetched(info, content);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MediaDownload.Failed($"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s", Retryable: true);
        }
        catch (HttpRequestException e)
        {
            return new MediaDownload.Failed($"the connection failed: {e.Message}", Retryable: true);
        }
    }

    /// <summary>
    /// GET the media url with the token, following at most <see cref="MaxMediaRedirects"/> redirects by hand (the handler
    /// follows none), each only to an allowed host: the token is never sent anywhere else.
    /// </summary>
    private async Task<(HttpResponseMessage? File, MediaDownload.Failed? Refused)> GetFileAsync(string mediaId, Uri url, MediaDownloadHosts hosts, CancellationToken ct)
    {
        for (var redirects = 0; ; redirects++)
        {
            if (!hosts.Allows(url))
            {
                _log.LogWarning("WhatsApp media {MediaId} url is on {Host} (after {Redirects} redirects), not an allowed download host; the access token was not sent",
                    mediaId, url.Host, redirects);
                return (null, new MediaDownload.Failed(
                    $"{(redirects == 0 ? "the media url is on" : "the media download redirected to")} {url.Host}, which is not an allowed download host ({string.Join(", ", hosts.Hosts.Order())}); the access token was not sent",
                    Retryable: false));
            }
            using var download = new HttpRequestMessage(HttpMethod.Get, url);
            download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
            var response = await _http.SendAsync(download, HttpCompletionOption.ResponseHeadersRead, ct);
            if ((int)response.StatusCode is < 300 or > 399) return (response, null);
            var location = response.Headers.Location;
            var status = (int)response.StatusCode;
            response.Dispose();
            if (location is null) return (null, new MediaDownload.Failed($"the media download answered HTTP {status} without a location", Retryable: false));
            if (redirects == MaxMediaRedirects) return (null, new MediaDownload.Failed($"the media download redirected more than {MaxMediaRedirects} times", Retryable: false));
            url = location.IsAbsoluteUri ? location : new Uri(url, location);
        }
    }

    private const int MaxMediaRedirects = 3;

    /// <summary>Rate limits, server errors and errors Graph calls transient are worth another try; the rest (expired, unknown, refused) are not.</summary>
    private MediaDownload.Failed GraphFailure(string step, HttpStatusCode status, byte[] body)
    {
        var error = GraphAnswer.ReadError(body);
        var retryable = status == HttpStatusCode.TooManyRequests || (int)status >= 500 || error?.IsTransient == true;
        var what = status is HttpStatusCode.NotFound or HttpStatusCode.Gone || error is { Code: 100 }
            ? "the media expired or is unknown"
            : $"the media {step} failed";
        var reason = error is null ? $"{what} (HTTP {(int)status})" : $"{what} (HTTP {(int)status}, Graph error {error.Code}: {error.Title})";
        _log.LogWarning("WhatsApp media {Step} answered {Status}: {Reason}", step, (int)status, reason);
        return new MediaDownload.Failed(reason, retryable);
    }

    private static async Task<byte[]?> ReadAtMostAsync(Stream stream, long maxBytes, CancellationToken ct)
    {
        await using var _ = stream;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

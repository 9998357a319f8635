using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>
/// The Cloud API's media side as an HttpMessageHandler: GET /{version}/{media-id} answers the lookup (url, mime_type,
/// sha256 in hex, file_size), GET /files/{media-id} the bytes. <see cref="Fault"/> lets a test answer a request
/// otherwise (a server error, an expired media); every request is counted.
/// </summary>
internal sealed class StubMediaApi : HttpMessageHandler
{
    public sealed record Media(string MimeType, byte[] Content);

    public ConcurrentDictionary<string, Media> Files { get; } = new();
    /// <summary>(step "lookup" or "download", media id, n-th request of that step for the id, 1-based) → an answer instead of the normal one, or null.</summary>
    public Func<string, string, int, HttpResponseMessage?> Fault { get; set; } = (_, _, _) => null;
    public ConcurrentDictionary<(string Step, string MediaId), int> Requests { get; } = new();
    public string? LastToken { get; private set; }
    /// <summary>Every request's host and bearer token, in order: where the token went.</summary>
    public ConcurrentQueue<(string Host, string? Token)> Seen { get; } = new();

    public static string Sha256Base64(byte[] content) => Convert.ToBase64String(SHA256.HashData(content));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        LastToken = request.Headers.Authorization?.Parameter;
        Seen.Enqueue((request.RequestUri!.Host, LastToken));
        var path = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var (step, id) = path[0] == "files" ? ("download", path[1]) : ("lookup", path[^1]);
        var n = Requests.AddOrUpdate((step, id), 1, (_, c) => c + 1);
        if (Fault(step, id, n) is { } fault) return Task.FromResult(fault);
        if (!Files.TryGetValue(id, out var media)) return Task.FromResult(Expired(id));
        return Task.FromResult(step == "lookup"
            ? Json(HttpStatusCode.OK, $$"""{"messaging_product":"whatsapp","url":"http://media.test/files/{{id}}","mime_type":"{{media.MimeType}}","sha256":"{{Convert.ToHexStringLower(SHA256.HashData(media.Content))}}","file_size":"{{media.Content.Length}}","id":"{{id}}"}""")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(media.Content) { Headers = { ContentType = new(media.MimeType) } } });
    }

    public static HttpResponseMessage Expired(string id) => Json(HttpStatusCode.BadRequest,
        "{\"error\":{\"message\":\"Unsupported get request. Object with ID '" + id + "' does not exist\",\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33}}");

    public static HttpResponseMessage Redirect(string location) => new(HttpStatusCode.Found) { Headers = { Location = new Uri(location) } };

    public static HttpResponseMessage ServerError() => Json(HttpStatusCode.InternalServerError,
        """{"error":{"message":"An unknown error has occurred.","type":"OAuthException","code":1,"is_transient":true}}""");

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>
/// The Cloud API's messages endpoint as an HttpMessageHandler behind <c>WhatsAppCloudClient</c>: records every send
/// (recipient, body, start and end), answers with a wamid after <see cref="Delay"/>, or with a Graph error for the
/// recipients in <see cref="Unreachable"/>; counts how many sends were in flight at once.
/// </summary>
internal sealed class StubCloudApi : HttpMessageHandler
{
    private int _inFlight;
    private int _wamids;

    public ConcurrentQueue<Call> Sends { get; } = new();
    public Func<string, TimeSpan> Delay { get; set; } = _ => TimeSpan.Zero;
    public HashSet<string> Unreachable { get; } = [];
    public int MaxInFlight { get; private set; }

    public sealed record Call(string To, string Body, DateTimeOffset Started, DateTimeOffset Ended);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var body = await request.Content!.ReadAsStringAsync(ct);
        var to = JsonDocument.Parse(body).RootElement.GetProperty("to").GetString()!;
        lock (this) MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        try
        {
            await Task.Delay(Delay(to), ct);
        }
        finally
        {
            lock (this) _inFlight--;
        }
        Sends.Enqueue(new Call(to, body, started, DateTimeOffset.UtcNow));
        return Unreachable.Contains(to)
            ? Json(HttpStatusCode.BadRequest, """{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"error_data":{"details":"the number is not on WhatsApp"}}}""")
            : Json(HttpStatusCode.OK, $$"""{"messaging_product":"whatsapp","contacts":[{"input":"{{to}}","wa_id":"{{to}}"}],"messages":[{"id":"wamid.stub{{Interlocked.Increment(ref _wamids)}}"}]}""");
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

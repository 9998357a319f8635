using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>
/// The Cloud API's messages endpoint as an HttpMessageHandler behind <c>WhatsAppCloudClient</c>: records every send
/// (recipient, body, start and end), answers with a wamid once <see cref="Hold"/> lets it, or with a Graph error for the
/// recipients in <see cref="Unreachable"/>; counts how many sends were in flight at once. Tests hold sends on conditions
/// (<see cref="When"/>), never on time.
/// </summary>
internal sealed class StubCloudApi : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly List<(Func<StubCloudApi, bool> Condition, TaskCompletionSource Met)> _waits = [];
    private int _wamids;

    public ConcurrentQueue<Call> Sends { get; } = new();
    /// <summary>What a send to a recipient waits for before it is answered (the n-th send of the stub, 0-based, is given too).</summary>
    public Func<string, int, Task> Hold { get; set; } = (_, _) => Task.CompletedTask;
    public HashSet<string> Unreachable { get; } = [];
    public int MaxInFlight { get; private set; }
    public ConcurrentDictionary<string, int> InFlight { get; } = new();
    private int _started;

    public sealed record Call(string To, string Body, DateTimeOffset Started, DateTimeOffset Ended);

    /// <summary>Completes once <paramref name="condition"/> holds (checked whenever a send starts or ends); times out after 10 s.</summary>
    public Task When(Func<StubCloudApi, bool> condition)
    {
        lock (_gate)
        {
            if (condition(this)) return Task.CompletedTask;
            var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((condition, met));
            return met.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var body = await request.Content!.ReadAsStringAsync(ct);
        var to = JsonDocument.Parse(body).RootElement.GetProperty("to").GetString()!;
        int n;
        lock (_gate)
        {
            n = _started++;
            InFlight.AddOrUpdate(to, 1, (_, c) => c + 1);
            MaxInFlight = Math.Max(MaxInFlight, InFlight.Values.Sum());
            Signal();
        }
        try
        {
            await Hold(to, n);
        }
        finally
        {
            lock (_gate)
            {
                InFlight.AddOrUpdate(to, 0, (_, c) => c - 1);
                Sends.Enqueue(new Call(to, body, started, DateTimeOffset.UtcNow));
                Signal();
            }
        }
        return Unreachable.Contains(to)
            ? Json(HttpStatusCode.BadRequest, """{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"error_data":{"details":"the number is not on WhatsApp"}}}""")
            : Json(HttpStatusCode.OK, $$"""{"messaging_product":"whatsapp","contacts":[{"input":"{{to}}","wa_id":"{{to}}"}],"messages":[{"id":"wamid.stub{{Interlocked.Increment(ref _wamids)}}"}]}""");
    }

    private void Signal()
    {
        foreach (var wait in _waits.Where(w => w.Condition(this)).ToList())
        {
            _waits.Remove(wait);
            wait.Met.TrySetResult();
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

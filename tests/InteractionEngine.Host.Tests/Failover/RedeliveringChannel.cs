using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace InteractionEngine.Host.Tests.Failover;

/// <summary>
/// A channel as the engine sees one: per contact, messages in order, each with its own channelMessageId, sent to any
/// live node; one that got no 200 is sent again (to a live node) until it does, as WhatsApp redelivers.
/// Remembers what was acknowledged and which requests failed after a given moment.
/// </summary>
internal sealed class RedeliveringChannel(IReadOnlyList<HttpClient> nodes, IReadOnlyList<string> contacts)
{
    private readonly bool[] _dead = new bool[nodes.Count];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _acknowledged = new();
    private readonly ConcurrentDictionary<string, string> _lastPosition = new();
    private int _failedAfterFault;
    private int _next;

    public IReadOnlyDictionary<string, ConcurrentQueue<string>> Acknowledged => _acknowledged;
    /// <summary>Requests that got no 200 since <see cref="MarkFault"/>.</summary>
    public int FailedAfterFault => _failedAfterFault;
    /// <summary>Per contact, the read position of its last acknowledged message (reads pass it to see at least that).</summary>
    public IReadOnlyDictionary<string, string> LastPosition => _lastPosition;
    public bool Faulted { get; private set; }

    /// <summary>From now on, requests that get no 200 are counted (the fault under test has begun).</summary>
    public void MarkFault() => Faulted = true;

    public void MarkDead(int node)
    {
        _dead[node] = true;
        MarkFault();
    }

    /// <summary>Every contact sends until it has <paramref name="each"/> more acknowledged messages, or the deadline passes.</summary>
    public Task SendAsync(int each, DateTime deadline) => Task.WhenAll(contacts.Select(async contact =>
    {
        var mine = _acknowledged.GetOrAdd(contact, _ => new ConcurrentQueue<string>());
        var target = mine.Count + each;
        while (mine.Count < target)
        {
            var id = $"{contact}.m{mine.Count + 1}";
            while (!await TryAsync(contact, id))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{contact} got no 200 for {id} before the deadline");
                await Task.Delay(200); // a channel's redelivery pace
            }
            mine.Enqueue(id);
        }
    }));

    private async Task<bool> TryAsync(string contact, string channelMessageId)
    {
        var live = Enumerable.Range(0, nodes.Count).Where(i => !_dead[i]).ToArray();
        var node = nodes[live[Interlocked.Increment(ref _next) % live.Length]];
        var faulted = Faulted;
        try
        {
            using var response = await node.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound",
                new { channel = "WhatsApp", channelMessageId, text = $"text of {channelMessageId}" });
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                if (answer.TryGetProperty("position", out var position) && position.GetString() is { } at) _lastPosition[contact] = at;
                return true;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // the node died under the request: no answer, so no acknowledgement
        }
        if (faulted) Interlocked.Increment(ref _failedAfterFault);
        return false;
    }
}

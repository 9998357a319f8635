using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>
/// Failover: N Host processes of one cluster on 127.0.0.1 sharing the bench database (static seed: the first node's
/// Akka port), an open-loop stream of inbound messages spread over the live nodes, each with its own channelMessageId
/// and sent again until it gets a 200 (as a channel redelivers). Mid-run the oldest node (shard coordinator, singletons,
/// its share of the conversations) is killed with SIGKILL; the stream goes on, then every contact sends once more.
/// The journal is then checked against what the clients were told: lost = acknowledged but absent, duplicated = one
/// channelMessageId stored twice.
/// </summary>
public static class FailoverPhase
{
    private const string KeyId = "bench-failover";
    private const string Route = "/api/v1/contacts/{contact}/messages/inbound";
    private static readonly string Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private static readonly TimeSpan Redelivery = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(BenchSettings settings, BenchDatabase db, BenchResults results, TextWriter log)
    {
        var hostDll = await HostBinary.EnsureBuiltAsync(settings, log);
        var cs = await db.CreateDatabaseAsync("failover");
        // Created before the nodes start on the empty database, so their schema migrations cannot race (see HttpPhase).
        using (var schema = InteractionEngine.Projections.Store.ReadModelStore.Create(cs)) await schema.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var akkaPorts = Enumerable.Range(0, settings.FailoverNodes).Select(_ => HostNode.FreePort()).ToArray();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = cs,
            ["Akka__SeedNodes__0"] = $"akka.tcp://interaction-engine@127.0.0.1:{akkaPorts[0]}",
            ["Serilog__MinimumLevel__Default"] = settings.FailoverLogs is null ? "Warning" : "Information",
            ["Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning",
            ["Conversations__PassivateIdleAfter"] = "01:00:00",
            ["Auth__RateLimits__routing__PerSecond"] = "10000000",
            ["Auth__RateLimits__routing__Burst"] = "20000000",
            ["Auth__Credentials__90__KeyId"] = KeyId,
            ["Auth__Credentials__90__Tenant"] = Inbound.Tenant,
            ["Auth__Credentials__90__Role"] = "routing",
            ["Auth__Credentials__90__SecretSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret))),
        };

        // A channel waits this long for a 200, then redelivers: a request stuck on the dead node's region (it waits for the
        // Host's Conversations:AskTimeout, 10 s) is abandoned and sent again, as WhatsApp would.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { Timeout = settings.FailoverClientTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"ie.{KeyId}.{Secret}");
        var nodes = new List<HostNode>();
        try
        {
            // The seed first (it forms the cluster), then the others together.
            nodes.Add(HostNode.Start(0, hostDll, akkaPorts[0], environment, settings.FailoverLogs));
            using (var slow = new HttpClient { Timeout = TimeSpan.FromSeconds(20) }) await nodes[0].WaitReadyAsync(slow, 1, TimeSpan.FromSeconds(120));
            for (var i = 1; i < settings.FailoverNodes; i++) nodes.Add(HostNode.Start(i, hostDll, akkaPorts[i], environment, settings.FailoverLogs));
            using (var slow = new HttpClient { Timeout = TimeSpan.FromSeconds(20) })
                await Task.WhenAll(nodes.Select(n => n.WaitReadyAsync(slow, settings.FailoverNodes, TimeSpan.FromSeconds(120))));
            log.WriteLine($"  {nodes.Count} nodes up (HTTP {string.Join(", ", nodes.Select(n => n.HttpPort))}; Akka {string.Join(", ", akkaPorts)})");

            var run = new FailoverRun(http, nodes, settings.FailoverContacts);
            // Every conversation exists before the clock starts: the first message of a contact is not what is measured.
            await Task.WhenAll(Enumerable.Range(0, settings.FailoverContacts).Select(c => run.DeliverAsync(c, $"open-{c}")));
            log.WriteLine($"  {settings.FailoverContacts} conversations opened; {settings.FailoverRate:0}/s for {settings.FailoverBefore.TotalSeconds:0} s, kill -9 node {settings.FailoverVictim}, {settings.FailoverAfter.TotalSeconds:0} s more");

            var victim = nodes[settings.FailoverVictim];
            var stream = run.StreamAsync(settings.FailoverRate, settings.FailoverBefore + settings.FailoverAfter);
            await Task.Delay(settings.FailoverBefore);
            await run.KillAsync(victim);
            log.WriteLine($"  killed node {victim.Index} (pid {victim.Process.Id}) at {run.Elapsed.TotalSeconds:0.0} s");
            await stream.WaitAsync(settings.FailoverAfter + TimeSpan.FromSeconds(120));
            // Every conversation answers again: one more message each, redelivered until acknowledged.
            await Task.WhenAll(Enumerable.Range(0, settings.FailoverContacts).Select(c => run.DeliverAsync(c, $"final-{c}"))).WaitAsync(TimeSpan.FromSeconds(120));

            var stored = await StoredCountsAsync(cs);
            var acknowledged = run.Acknowledged.ToList();
            var result = new FailoverResult(
                Nodes: nodes.Count, Rate: settings.FailoverRate, Contacts: settings.FailoverContacts,
                Before: settings.FailoverBefore, After: settings.FailoverAfter,
                Acknowledged: acknowledged.Count,
                Lost: acknowledged.Count(id => stored.GetValueOrDefault(id) == 0),
                Duplicated: stored.Count(kv => kv.Value > 1),
                FailedRequests: run.FailedRequests,
                ConversationsInterrupted: run.Outages.Count,
                LongestUnavailable: run.Outages.Count == 0 ? TimeSpan.Zero : run.Outages.Values.Max(o => o.End - o.Start),
                AllAnsweringAfterKill: run.LastRecoveredAt is { } last ? last - run.KilledAt!.Value : TimeSpan.Zero,
                ClientTimeout: settings.FailoverClientTimeout);
            results.Failover = result;
            log.WriteLine($"  acknowledged {result.Acknowledged:N0}, lost {result.Lost}, duplicated {result.Duplicated}; {result.ConversationsInterrupted} conversations interrupted, " +
                          $"longest {result.LongestUnavailable.TotalSeconds:0.0} s, all answering {result.AllAnsweringAfterKill.TotalSeconds:0.0} s after the kill ({result.FailedRequests:N0} requests without a 200)");
            if (result.Lost > 0 || result.Duplicated > 0)
                throw new InvalidOperationException($"the journal disagrees with the clients: {result.Lost} acknowledged messages lost, {result.Duplicated} stored twice");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    /// <summary>MessageReceived rows per channelMessageId in the journal.</summary>
    private static async Task<Dictionary<string, int>> StoredCountsAsync(string cs)
    {
        await using var connection = await BenchDatabase.OpenAsync(cs);
        await using var command = new Npgsql.NpgsqlCommand(
            "select convert_from(message, 'UTF8')::jsonb ->> 'channelMessageId', count(*) from journal where manifest = 'MessageReceived/1' group by 1", connection);
        var counts = new Dictionary<string, int>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync()) counts[rows.GetString(0)] = (int)rows.GetInt64(1);
        return counts;
    }

    /// <summary>The clients' side of the run: what was acknowledged, and per conversation when it could not be reached.</summary>
    private sealed class FailoverRun(HttpClient http, IReadOnlyList<HostNode> nodes, int contacts)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new();
        private readonly Dictionary<int, TimeSpan> _openOutages = [];
        private int _next;
        private long _failed;

        public ConcurrentBag<string> Acknowledged { get; } = [];
        public ConcurrentDictionary<int, (TimeSpan Start, TimeSpan End)> Outages { get; } = new();
        public TimeSpan? KilledAt { get; private set; }
        public TimeSpan? LastRecoveredAt { get; private set; }
        public TimeSpan Elapsed => _clock.Elapsed;
        public long FailedRequests => Interlocked.Read(ref _failed);

        public async Task KillAsync(HostNode node)
        {
            await node.KillAsync();
            KilledAt = _clock.Elapsed;
        }

        /// <summary>Open loop: message k is due at k / rate, whatever happened to the earlier ones.</summary>
        public async Task StreamAsync(double rate, TimeSpan duration)
        {
            var sends = new List<Task>();
            var start = _clock.Elapsed;
            for (long k = 0; ; k++)
            {
                var due = start + TimeSpan.FromSeconds(k / rate);
                if (due - start >= duration) break;
                var wait = due - _clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                sends.Add(DeliverAsync((int)(k % contacts), $"m-{k}"));
            }
            await Task.WhenAll(sends);
        }

        /// <summary>Sends until a 200, each try to the next live node. Tries to a node that was killed do not count against the conversation.</summary>
        public async Task DeliverAsync(int contact, string channelMessageId)
        {
            var path = Route.Replace("{contact}", Inbound.Contact("f", contact).Contact);
            var body = $$"""{"channel":"WhatsApp","channelMessageId":"{{channelMessageId}}","text":"{{Inbound.Text}}"}""";
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var live = nodes.Where(n => !n.Killed).ToArray();
                var node = live[(int)((uint)Interlocked.Increment(ref _next) % live.Length)];
                var sentAt = _clock.Elapsed;
                var ok = false;
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync(new Uri(node.BaseAddress, path), content);
                    ok = response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // no answer: not acknowledged
                }
                if (ok)
                {
                    Acknowledged.Add(channelMessageId);
                    Answered(contact);
                    return;
                }
                Interlocked.Increment(ref _failed);
                if (!node.Killed) Unanswered(contact, sentAt);
                await Task.Delay(Redelivery);
            }
            throw new InvalidOperationException($"{channelMessageId} for contact {contact} got no 200 in 1,000 tries");
        }

        private void Unanswered(int contact, TimeSpan sentAt)
        {
            if (KilledAt is not { } killed) return; // before the kill nothing should fail; such failures still count in FailedRequests
            lock (_gate)
                if (!_openOutages.ContainsKey(contact)) _openOutages[contact] = sentAt < killed ? killed : sentAt;
        }

        private void Answered(int contact)
        {
            lock (_gate)
            {
                if (!_openOutages.Remove(contact, out var start)) return;
                var end = _clock.Elapsed;
                LastRecoveredAt = end;
                Outages.AddOrUpdate(contact, (start, end), (_, old) => end - start > old.End - old.Start ? (start, end) : old);
            }
        }
    }
}

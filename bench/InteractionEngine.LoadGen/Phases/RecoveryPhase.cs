using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>
/// Phase 4: conversations with N events are written to the journal, then a freshly started node receives one message
/// for each; the time to its durable reply includes recovering the actor (snapshot load and event replay), deciding,
/// and one journal write. Three kinds: "snapshot" (N events, snapshot at N, as SnapshotEvery 200 leaves it),
/// "snapshot+199" (N-1 events: snapshot at N-200 and 199 events replayed, the worst case), and "none" (N events, no
/// snapshot, as SnapshotEvery = huge leaves it).
/// </summary>
public static class RecoveryPhase
{
    public const int SnapshotEvery = 200;
    public static readonly string[] Kinds = ["snapshot", "snapshot+199", "none"];

    public static async Task RunAsync(BenchSettings settings, BenchDatabase db, BenchResults results, TextWriter log)
    {
        var events = Math.Max(SnapshotEvery * 2, settings.RecoveryEvents / SnapshotEvery * SnapshotEvery);
        var cs = await db.CreateDatabaseAsync("recovery");
        var targets = new List<(string Kind, ConversationId Id, int Events, long SnapshotAt)>
        {
            // Recovered first and not measured: JIT-warms the snapshot and replay paths, as on a node that has been up a while.
            ("warm", new ConversationId(Inbound.Tenant, "warm-snapshot"), SnapshotEvery * 2 + 10, SnapshotEvery * 2),
            ("warm", new ConversationId(Inbound.Tenant, "warm-replay"), SnapshotEvery, 0),
        };
        for (var r = 0; r < settings.RecoveryRepeats; r++)
        {
            targets.Add(("snapshot", new ConversationId(Inbound.Tenant, $"snap-{r}"), events, events));
            targets.Add(("snapshot+199", new ConversationId(Inbound.Tenant, $"worst-{r}"), events - 1, events - SnapshotEvery));
            targets.Add(("none", new ConversationId(Inbound.Tenant, $"none-{r}"), events, 0));
        }

        // Seeding node: the engine's own Decide/Evolve make the events, its serializer and tagger store them.
        var seedWatch = Stopwatch.StartNew();
        await using (var seedNode = await BenchNode.StartAsync(cs, new NodeOptions
                     {
                         Conversations = new ConversationsOptions(), ReadSide = false, ExtraHocon = settings.ExtraHocon,
                     }))
        {
            foreach (var t in targets)
            {
                var seeder = seedNode.System.ActorOf(Props.Create(() => new SeederActor(t.Id, t.Events, t.SnapshotAt)));
                await seeder.Ask<SeederActor.Done>(SeederActor.Seed.Instance, TimeSpan.FromMinutes(5));
                await seeder.GracefulStop(TimeSpan.FromSeconds(10));
            }
        }
        seedWatch.Stop();
        log.WriteLine($"  seeded {targets.Count - 2} conversations of ~{events} events (and 2 small ones for warm-up) in {seedWatch.Elapsed.TotalSeconds:0.0} s");

        // A fresh node (no read side, so the pipeline's first copy of the seeded journal does not compete).
        var cases = new List<RecoveryCase>();
        await using var node = await BenchNode.StartAsync(cs, new NodeOptions
        {
            Conversations = new ConversationsOptions { SnapshotEvery = SnapshotEvery, PassivateIdleAfter = TimeSpan.FromHours(1) },
            ReadSide = false,
            ExtraHocon = settings.ExtraHocon,
        });
        var extractor = new ConversationMessageExtractor();
        var warmed = 0;
        foreach (var t in targets.OrderBy(t => t.Kind == "warm" ? "" : t.Id.Contact.Split('-')[1]).ThenBy(t => Array.IndexOf(Kinds, t.Kind)))
        {
            // Warm the same shard first (allocation, JIT of the ask/persist path), so only recovery differs.
            var shard = extractor.ShardId(t.Id.Value);
            ConversationId warm;
            do warm = new ConversationId(Inbound.Tenant, $"warm-{warmed++}");
            while (extractor.ShardId(warm.Value) != shard);
            await node.AskAsync(Inbound.Message(warm, "w-1"));
            await node.AskAsync(Inbound.Message(warm, "w-2"));

            var t0 = Stopwatch.GetTimestamp();
            var first = await node.AskAsync(Inbound.Message(t.Id, "after-restart-1"), TimeSpan.FromMinutes(2));
            var firstMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            var t1 = Stopwatch.GetTimestamp();
            var second = await node.AskAsync(Inbound.Message(t.Id, "after-restart-2"));
            var liveMs = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
            if (first.Code != ReplyCode.Accepted || second.Code != ReplyCode.Accepted)
                throw new InvalidOperationException($"{t.Id} answered {first.Code}/{second.Code} after recovery: {first.Reason}");
            if (first.Message?.MessageNumber != t.Events) // one InteractionOpened, then one message per event
                throw new InvalidOperationException($"{t.Id} recovered to message {first.Message?.MessageNumber - 1}, expected {t.Events - 1}");
            if (t.Kind == "warm") continue;
            cases.Add(new RecoveryCase(t.Kind, t.Events, t.SnapshotAt, firstMs, liveMs));
            log.WriteLine($"  {t.Kind,-13} {t.Events} events (snapshot at {t.SnapshotAt}): first reply {firstMs:0.0} ms, next {liveMs:0.0} ms");
        }
        results.Recovery = new RecoveryResult(events, cases, seedWatch.Elapsed);
    }

    /// <summary>
    /// Writes a conversation's history as the conversation actor would have: same persistence id, events from
    /// Decide/Evolve, written 500 per atomic write, and (optionally) the snapshot the actor would have saved at
    /// <c>snapshotAt</c>. Older snapshots are not written: the actor deletes them anyway.
    /// </summary>
    private sealed class SeederActor : ReceivePersistentActor
    {
        private readonly ConversationId _id;
        private readonly int _events;
        private readonly long _snapshotAt;
        private ConversationState _state = new ConversationState.None();
        private IActorRef? _requester;
        private bool _eventsDone;
        private bool _snapshotDone;

        public SeederActor(ConversationId id, int events, long snapshotAt)
        {
            _id = id;
            _events = events;
            _snapshotAt = snapshotAt;
            _snapshotDone = snapshotAt == 0;
            PersistenceId = ConversationActor.PersistenceIdFor(id);
            Command<Seed>(_ => Write());
            Command<SaveSnapshotSuccess>(_ =>
            {
                _snapshotDone = true;
                ReplyIfDone();
            });
            Command<SaveSnapshotFailure>(f => throw f.Cause);
        }

        public override string PersistenceId { get; }

        private void Write()
        {
            _requester = Sender;
            var events = new List<IConversationEvent>(_events);
            var state = (ConversationState)new ConversationState.None();
            var at = DateTimeOffset.UtcNow.AddDays(-30);
            for (var i = 1; events.Count < _events; i++)
            {
                var decision = Conversation.Decide(state, Inbound.Message(_id, $"seed-{i}", at.AddSeconds(i)), TenantPolicy.Default);
                foreach (var e in decision.Events)
                {
                    state = Conversation.Evolve(state, e);
                    events.Add(e);
                }
            }
            if (events.Count != _events) throw new InvalidOperationException($"generated {events.Count} events, wanted {_events}");
            foreach (var chunk in events.Chunk(500))
            {
                PersistAll(chunk, e =>
                {
                    _state = Conversation.Evolve(_state, e);
                    if (LastSequenceNr == _snapshotAt && _state is ConversationState.Started started) SaveSnapshot(ConversationSnapshot.From(started));
                    if (LastSequenceNr == _events)
                    {
                        _eventsDone = true;
                        ReplyIfDone();
                    }
                });
            }
        }

        private void ReplyIfDone()
        {
            if (_eventsDone && _snapshotDone) _requester?.Tell(Done.Instance);
        }

        public sealed class Seed
        {
            public static readonly Seed Instance = new();
        }

        public sealed class Done
        {
            public static readonly Done Instance = new();
        }
    }
}

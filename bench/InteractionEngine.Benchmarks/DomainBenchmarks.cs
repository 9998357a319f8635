using BenchmarkDotNet.Attributes;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Benchmarks;

/// <summary>The conversation actor's CPU per command, and the pure part of recovering one.</summary>
public class DomainBenchmarks
{
    private ConversationState.Started _state = null!;
    private ReceiveMessage _command = null!;
    private List<IConversationEvent> _history = null!;
    private ConversationSnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 2,100 messages: the idempotency memory (2,000 keys) is full, so every accept also evicts, as in a long conversation.
        _state = Samples.StateAfter(2_100);
        _command = Samples.Receive(1_000_000);
        _history = Samples.History(9_999);
        _snapshot = ConversationSnapshot.From(_state);
    }

    /// <summary>What the actor does for one inbound message: Decide, then Evolve each event.</summary>
    [Benchmark(Baseline = true)]
    public ConversationState DecideAndEvolveReceive()
    {
        var decision = Conversation.Decide(_state, _command, TenantPolicy.Default);
        ConversationState state = _state;
        foreach (var e in decision.Events) state = Conversation.Evolve(state, e);
        return state;
    }

    /// <summary>A redelivered webhook: found in the idempotency memory, no event.</summary>
    [Benchmark]
    public Decision DecideDuplicate() => Conversation.Decide(_state, Samples.Receive(2_050), TenantPolicy.Default);

    /// <summary>The CPU part of recovering a 10,000-event conversation without a snapshot (events already deserialized).</summary>
    [Benchmark]
    public ConversationState Replay10000Events() => Conversation.Replay(_history);

    /// <summary>The CPU part of recovering from a snapshot: rebuilding the state (2,000 idempotency keys) from its stored form.</summary>
    [Benchmark]
    public ConversationState.Started SnapshotToState() => _snapshot.ToState();

    /// <summary>Taking the snapshot (every 200 events).</summary>
    [Benchmark]
    public ConversationSnapshot StateToSnapshot() => ConversationSnapshot.From(_state);
}

using Akka.Actor;
using BenchmarkDotNet.Attributes;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Benchmarks;

/// <summary>The journal's serializer (JSON with manifests): per event on every write and every replay, per snapshot.</summary>
public class SerializerBenchmarks
{
    private ActorSystem _system = null!;
    private InteractionSerializer _serializer = null!;
    private MessageReceived _event = null!;
    private byte[] _eventBytes = null!;
    private ConversationSnapshot _snapshot = null!;
    private byte[] _snapshotBytes = null!;
    private Reply _reply = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("serializer-bench", "akka.loglevel = WARNING");
        _serializer = new InteractionSerializer((ExtendedActorSystem)_system);
        _event = Samples.Received(1_234);
        _eventBytes = _serializer.ToBinary(_event);
        _snapshot = ConversationSnapshot.From(Samples.StateAfter(2_100));
        _snapshotBytes = _serializer.ToBinary(_snapshot);
        _reply = new Reply(ReplyCode.Accepted, null, new MessageRef(1, 1_234), 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(Baseline = true)]
    public byte[] MessageReceivedToBinary() => _serializer.ToBinary(_event);

    [Benchmark]
    public object MessageReceivedFromBinary() => _serializer.FromBinary(_eventBytes, "MessageReceived/1");

    [Benchmark]
    public string Manifest() => _serializer.Manifest(_event);

    [Benchmark]
    public byte[] ReplyToBinary() => _serializer.ToBinary(_reply);

    /// <summary>A snapshot with a full idempotency memory (2,000 keys): written every 200 events, read on recovery.</summary>
    [Benchmark]
    public byte[] SnapshotToBinary() => _serializer.ToBinary(_snapshot);

    [Benchmark]
    public object SnapshotFromBinary() => _serializer.FromBinary(_snapshotBytes, "ConversationSnapshot/1");
}

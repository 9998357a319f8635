using System.Text.Json;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace InteractionEngine.Actors.Serialization;

/// <summary>
/// JSON payload with an explicit, versioned manifest: the journal holds readable JSON and no CLR
/// type names, so classes can be renamed or moved without breaking recovery.
/// </summary>
public sealed class InteractionSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4711;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        Manifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().FullName} has no manifest; add it to {nameof(Manifests)}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), InteractionJson.Options);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Manifests.ByManifest.TryGetValue(manifest, out var type)) return new UndecodableEvent(manifest, $"unknown manifest '{manifest}'");
        try
        {
            return JsonSerializer.Deserialize(bytes, type, InteractionJson.Options) ?? throw new SerializationException($"{manifest} payload is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or SerializationException && IsEvent(type))
        {
            return new UndecodableEvent(manifest, e.Message);
        }
    }

    /// <summary>Only journal events are read tolerantly; a bad message between nodes or a bad snapshot still throws.</summary>
    private static bool IsEvent(Type type) => typeof(Domain.Conversations.IConversationEvent).IsAssignableFrom(type);
}

using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.Serialization;

namespace InteractionEngine.Actors.Tests;

/// <summary>The serializer reads a journal event it cannot decode as <see cref="UndecodableEvent"/> instead of throwing.</summary>
public class UndecodableEventSpecs() : TestKit(InteractionSerializerConfig.Hocon)
{
    private InteractionSerializer Serializer => new((ExtendedActorSystem)Sys);

    [Fact]
    public void An_event_whose_payload_is_not_its_json_is_undecodable_naming_the_manifest() =>
        Assert.Equal("MessageReceived/1", Assert.IsType<UndecodableEvent>(Serializer.FromBinary(Encoding.UTF8.GetBytes("{\"damaged"), "MessageReceived/1")).Manifest);

    [Fact]
    public void An_unknown_manifest_as_from_a_newer_version_is_undecodable() =>
        Assert.Contains("unknown manifest", Assert.IsType<UndecodableEvent>(Serializer.FromBinary("{}"u8.ToArray(), "SomethingNew/9")).Reason);

    [Fact]
    public void A_damaged_message_that_is_not_an_event_still_throws()
    {
        var notAnEvent = Manifests.ByManifest.First(m => !typeof(Domain.Conversations.IConversationEvent).IsAssignableFrom(m.Value)).Key;
        Assert.ThrowsAny<Exception>(() => Serializer.FromBinary(Encoding.UTF8.GetBytes("{\"damaged"), notAnEvent));
    }
}

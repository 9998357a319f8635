using Akka.Hosting;

namespace InteractionEngine.Actors.Serialization;

public static class SerializationHostingExtensions
{
    /// <summary>Binds every event, command, reply and snapshot type to <see cref="InteractionSerializer"/>.</summary>
    public static AkkaConfigurationBuilder AddInteractionSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("interaction", Manifests.Bindings, system => new InteractionSerializer(system));
}

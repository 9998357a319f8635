using InteractionEngine.Actors.Serialization;

namespace InteractionEngine.Actors.Tests;

/// <summary>The same bindings the hosting extension makes, in HOCON for plain TestKit specs.</summary>
internal static class InteractionSerializerConfig
{
    public static readonly string Hocon = $$"""
        akka.actor.serializers.interaction = "{{typeof(InteractionSerializer).AssemblyQualifiedName}}"
        akka.actor.serialization-bindings {
        {{string.Join("\n", Manifests.Bindings.Select(t => $"  \"{t.FullName}, {t.Assembly.GetName().Name}\" = interaction"))}}
        }
        """;
}

using Akka.Hosting;

namespace InteractionEngine.Actors.Following;

/// <summary>Actors a feature adds to the engine's actor system (e.g. its journal follower), registered in DI beside its services.</summary>
public sealed record ActorSystemContribution(string Name, Action<AkkaConfigurationBuilder> Apply);

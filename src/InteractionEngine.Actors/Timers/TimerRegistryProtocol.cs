using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Timers;

/// <summary>Messages to and events of the timer registry (all bound to the interaction serializer).</summary>
public interface ITimerRegistryMessage;

/// <summary>Wake the conversation at <paramref name="Due"/> unless an earlier wake-up is already set.</summary>
public sealed record RequestWakeUp(ConversationId ConversationId, DateTimeOffset Due) : ITimerRegistryMessage;

/// <summary>After a check: set the next wake-up (or none), replacing whatever was set.</summary>
public sealed record ReplaceWakeUp(ConversationId ConversationId, DateTimeOffset? Due) : ITimerRegistryMessage;

public sealed record WakeUpScheduled(ConversationId ConversationId, DateTimeOffset Due) : ITimerRegistryMessage;

public sealed record WakeUpCleared(ConversationId ConversationId) : ITimerRegistryMessage;

public sealed record TimerRegistrySnapshot(IReadOnlyList<WakeUpScheduled> WakeUps) : ITimerRegistryMessage;

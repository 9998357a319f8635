namespace InteractionEngine.Actors.Serialization;

/// <summary>
/// What <see cref="InteractionSerializer"/> gives for a journal event it cannot read (an unknown manifest, as from a
/// newer version; a payload that is not the event's JSON), instead of throwing: a throw would fail the journal query
/// stream and stop every follower (the read side, the dispatchers) on one bad row. The conversation that owns it
/// refuses to recover past it and stops alone; followers skip it; both raise the alert (<see cref="UndecodableEvents"/>).
/// </summary>
public sealed record UndecodableEvent(string Manifest, string Reason);

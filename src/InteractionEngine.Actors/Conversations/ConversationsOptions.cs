namespace InteractionEngine.Actors.Conversations;

/// <summary>Tuning of the conversation actors (bound from the "Conversations" config section).</summary>
public sealed class ConversationsOptions
{
    /// <summary>A conversation that received nothing for this long is stopped; its next message recovers it.</summary>
    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A snapshot every this many events bounds recovery time.</summary>
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>How long an API caller waits for a conversation to acknowledge a command.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

namespace InteractionEngine.Projections.ReadYourWrites;

/// <summary>The "ReadYourWrites" config section.</summary>
public sealed class ReadYourWritesOptions
{
    /// <summary>How long a read that names a position waits for the read side to reach it before answering 503.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Refuses values a read cannot run with, naming the setting (checked at start-up).</summary>
    public ReadYourWritesOptions Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
            throw new ArgumentException($"ReadYourWrites:Timeout must be more than 0 and at most 00:00:30 (was {Timeout})");
        return this;
    }
}

namespace InteractionEngine.Projections.Pipeline;

/// <summary>The "Pipeline" config section.</summary>
public sealed class PipelineOptions
{
    /// <summary>Most events per Marten transaction; under load batches grow up to this, idle ones are single events.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Events published by the actors that may wait for the pipeline (under load); beyond that they are dropped and the
    /// journal query brings them instead, so this bounds memory, not what reaches the read side.
    /// </summary>
    public int PublishedBuffer { get; set; } = 10_000;

    /// <summary>Wait before restarting the pipeline after a failure (database outage); doubles up to a minute.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Refuses values the pipeline cannot run with, naming the setting (checked at start-up).</summary>
    public PipelineOptions Validate()
    {
        if (MaxBatchSize is < 1 or > 100_000) throw new ArgumentException($"Pipeline:MaxBatchSize must be 1 to 100000 (was {MaxBatchSize})");
        if (PublishedBuffer is < 1 or > 1_000_000) throw new ArgumentException($"Pipeline:PublishedBuffer must be 1 to 1000000 (was {PublishedBuffer})");
        if (RestartBackoff <= TimeSpan.Zero || RestartBackoff > TimeSpan.FromMinutes(1))
            throw new ArgumentException($"Pipeline:RestartBackoff must be more than 0 and at most 00:01:00 (was {RestartBackoff})");
        return this;
    }
}

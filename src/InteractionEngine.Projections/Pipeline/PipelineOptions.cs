namespace InteractionEngine.Projections.Pipeline;

/// <summary>The "Pipeline" config section.</summary>
public sealed class PipelineOptions
{
    /// <summary>Most events per Marten transaction; under load batches grow up to this, idle ones are single events.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Wait before restarting the pipeline after a failure (database outage); doubles up to a minute.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);
}

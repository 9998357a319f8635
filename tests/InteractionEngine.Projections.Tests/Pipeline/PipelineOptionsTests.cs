using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.Tests.Pipeline;

public class PipelineOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => new PipelineOptions().Validate();

    [Theory]
    [InlineData(0, 10_000, 1, "Pipeline:MaxBatchSize")]
    [InlineData(1000, 0, 1, "Pipeline:PublishedBuffer")]
    [InlineData(1000, 10_000, 0, "Pipeline:RestartBackoff")]
    public void Malformed_settings_are_refused_with_their_name(int maxBatch, int buffer, int backoffSeconds, string setting)
    {
        var options = new PipelineOptions { MaxBatchSize = maxBatch, PublishedBuffer = buffer, RestartBackoff = TimeSpan.FromSeconds(backoffSeconds) };
        Assert.Contains(setting, Assert.Throws<ArgumentException>(() => options.Validate()).Message);
    }
}

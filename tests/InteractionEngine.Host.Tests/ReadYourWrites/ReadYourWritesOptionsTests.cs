using InteractionEngine.Host.Http;
using InteractionEngine.Projections.ReadYourWrites;

namespace InteractionEngine.Host.Tests.ReadYourWrites;

public class ReadYourWritesOptionsTests
{
    [Fact]
    public void The_wait_is_two_seconds_by_default() => Assert.Equal(TimeSpan.FromSeconds(2), new ReadYourWritesOptions().Validate().Timeout);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:00:31")]
    public void A_wait_of_nothing_or_over_thirty_seconds_is_refused_naming_the_setting(string timeout)
    {
        var refused = Assert.Throws<ArgumentException>(() => new ReadYourWritesOptions { Timeout = TimeSpan.Parse(timeout) }.Validate());
        Assert.Contains("ReadYourWrites:Timeout", refused.Message);
    }
}

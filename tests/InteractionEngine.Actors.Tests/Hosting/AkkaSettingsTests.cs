using InteractionEngine.Actors.Hosting;

namespace InteractionEngine.Actors.Tests.Hosting;

public class AkkaSettingsTests
{
    [Fact]
    public void Defaults_are_valid_and_become_the_cluster_settings()
    {
        var hocon = Akka.Configuration.ConfigurationFactory.ParseString(FailoverHocon.From(new AkkaSettings().Validate()));
        Assert.Equal(TimeSpan.FromSeconds(1), hocon.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromSeconds(3), hocon.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(TimeSpan.FromSeconds(4), hocon.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(1), hocon.GetTimeSpan("akka.cluster.down-removal-margin"));
    }

    [Fact]
    public void A_zero_removal_margin_leaves_it_to_Akka() =>
        Assert.Contains("down-removal-margin = off", FailoverHocon.From(new AkkaSettings { DownRemovalMargin = TimeSpan.Zero }.Validate()));

    [Theory]
    [InlineData(0.05, 3, 4, 1, "HeartbeatInterval")]
    [InlineData(1, 1.5, 4, 1, "AcceptableHeartbeatPause")] // one late heartbeat would make a node unreachable
    [InlineData(1, 3, 2, 1, "StableAfter")] // deciding before the other side can have seen the partition
    [InlineData(1, 3, 0, 1, "StableAfter")]
    [InlineData(1, 3, 4, -1, "DownRemovalMargin")]
    public void Unsafe_or_malformed_timings_are_refused_naming_the_setting(double heartbeat, double pause, double stable, double margin, string named)
    {
        var settings = new AkkaSettings
        {
            HeartbeatInterval = TimeSpan.FromSeconds(heartbeat),
            AcceptableHeartbeatPause = TimeSpan.FromSeconds(pause),
            StableAfter = TimeSpan.FromSeconds(stable),
            DownRemovalMargin = TimeSpan.FromSeconds(margin),
        };
        Assert.Contains("Akka:" + named, Assert.Throws<ArgumentException>(() => settings.Validate()).Message);
    }

    [Theory]
    [InlineData("127.0.0.1:4053")]
    [InlineData("akka.tcp://interaction-engine@127.0.0.1")]
    [InlineData("http://interaction-engine@127.0.0.1:4053")]
    public void Malformed_seed_nodes_are_refused(string seed) =>
        Assert.Contains("Akka:SeedNodes", Assert.Throws<ArgumentException>(() => new AkkaSettings { SeedNodes = [seed] }.Validate()).Message);

    [Fact]
    public void A_seed_node_address_as_Akka_prints_it_is_accepted() =>
        new AkkaSettings { SeedNodes = ["akka.tcp://interaction-engine@127.0.0.1:4053"], Port = 0 }.Validate();
}

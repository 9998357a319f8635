using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>The pure helpers behind unread counts and previews (no database).</summary>
public sealed class UnreadArithmeticTests
{
    private static IReadOnlyList<NumberRun> Inbound(params long[] numbers) =>
        numbers.Aggregate((IReadOnlyList<NumberRun>)[], InboundRuns.Add);

    [Fact]
    public void Consecutive_inbound_numbers_form_runs_and_unread_counts_those_above_the_read_position()
    {
        var runs = Inbound(1, 2, 3, 5, 8, 9);
        Assert.Equal([new NumberRun(1, 3), new NumberRun(5, 5), new NumberRun(8, 9)], runs);
        Assert.Equal(6, InboundRuns.UnreadAbove(runs, 0));
        Assert.Equal(4, InboundRuns.UnreadAbove(runs, 2));
        Assert.Equal(2, InboundRuns.UnreadAbove(runs, 7));
        Assert.Equal(0, InboundRuns.UnreadAbove(runs, 9));
        Assert.Same(runs, InboundRuns.Add(runs, 9)); // a replayed number changes nothing
    }

    [Fact]
    public void Pruning_keeps_unread_runs_and_the_latest_read_ones()
    {
        var runs = Inbound(Enumerable.Range(0, 50).Select(i => (long)i * 2 + 1).ToArray()); // 1, 3, 5 … 99: fifty runs
        var pruned = InboundRuns.Prune(runs, 79);
        Assert.Equal(InboundRuns.ReadRunsKept + 10, pruned.Count);
        Assert.Equal(10, InboundRuns.UnreadAbove(pruned, 79));
        Assert.Equal(11, InboundRuns.UnreadAbove(pruned, 78)); // moving back within the kept runs stays exact
    }

    [Theory]
    [InlineData("short", "short")]
    [InlineData("two\nlines   here", "two lines here")]
    public void Preview_is_one_line(string text, string expected) => Assert.Equal(expected, PreviewText.Of(text, []));

    [Fact]
    public void Preview_never_splits_an_emoji_and_describes_attachments()
    {
        var family = "👨‍👩‍👧‍👦";
        var preview = PreviewText.Of(string.Concat(Enumerable.Repeat(family, PreviewText.MaxTextElements + 5)), []);
        Assert.Equal(string.Concat(Enumerable.Repeat(family, PreviewText.MaxTextElements)) + "…", preview);

        Assert.Equal("📎 recibo (+1)", PreviewText.Of(null,
            [new("media://1", "image/jpeg", 10, "a.jpg", "recibo"), new("media://2", "application/pdf", 10, "b.pdf")]));
    }
}

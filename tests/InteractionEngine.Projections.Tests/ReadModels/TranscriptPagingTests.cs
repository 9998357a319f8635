using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>Reading the transcript: filters, cursor paging in both directions, and as of a time.</summary>
public sealed class TranscriptPagingTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    private Task<IReadOnlyList<TranscriptLine>> AllLines(string tenant, string contact, TranscriptRequest? request = null) =>
        TranscriptReading.AllLines(_queries, tenant, contact, request);

    [Fact]
    public async Task Media_and_channel_filters_narrow_the_transcript()
    {
        var openMedia = await AllLines("acme", "ana", new TranscriptRequest(Media: MediaType.OpenMedia));
        Assert.Equal(["Reactivated", "Message", "IdleAlert", "Message", "SessionEnded"], openMedia.Select(l => l.Kind.ToString()));
        Assert.All(openMedia, l => Assert.Equal(ChannelKind.Tweet, l.Channel));

        var chat = await AllLines("acme", "ana", new TranscriptRequest(Media: MediaType.Chat));
        Assert.Equal(18, chat.Count);
        Assert.All(chat, l => Assert.Equal(MediaType.Chat, l.Channel.MediaType()));

        var sms = await AllLines("acme", "ana", new TranscriptRequest(Channel: ChannelKind.Sms));
        Assert.Equal("Sent from SMS: got the receipt, obrigada", Assert.Single(sms).Text);
    }

    [Theory]
    [InlineData(SortOrder.NewestFirst, 1)]
    [InlineData(SortOrder.NewestFirst, 4)]
    [InlineData(SortOrder.OldestFirst, 4)]
    [InlineData(SortOrder.OldestFirst, 7)]
    public async Task Cursor_paging_walks_the_whole_transcript_without_gaps_or_duplicates(SortOrder order, int pageSize)
    {
        foreach (var filter in new[] { new TranscriptRequest(), new TranscriptRequest(Media: MediaType.Chat) })
        {
            var expected = (await AllLines("acme", "ana", filter)).Select(l => l.Position).ToList();
            if (order == SortOrder.NewestFirst) expected.Reverse();

            var seen = new List<long>();
            long? cursor = null;
            var pages = 0;
            do
            {
                var page = await _queries.TranscriptAsync("acme", "ana", filter with { PageSize = pageSize, Cursor = cursor, Order = order });
                Assert.InRange(page.Lines.Count, 1, pageSize);
                seen.AddRange(page.Lines.Select(l => l.Position));
                cursor = page.NextCursor;
                Assert.True(++pages <= expected.Count, "paging does not end");
            }
            while (cursor is not null);

            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task Transcript_as_of_a_time_shows_the_state_at_that_moment()
    {
        var scenario = fixture.Scenario;
        var early = await _queries.TranscriptAsOfAsync("acme", "ana", scenario.AnaFirstReplyAt,
            new TranscriptRequest(PageSize: 100, Order: SortOrder.OldestFirst));
        Assert.Equal(["InteractionOpened", "Message", "Message", "Routed", "Message"], early.Lines.Select(l => l.Kind.ToString()));
        Assert.Equal(DeliveryStatus.Pending, early.Lines[^1].Delivery!.Status);

        var read = await _queries.TranscriptAsOfAsync("acme", "ana", scenario.AnaReplyReadAt, new TranscriptRequest(PageSize: 100));
        Assert.Equal(DeliveryStatus.Read, read.Lines.Single(l => l.MessageNumber == 3).Delivery!.Status);

        // At the end of time the fold equals the projection, line for line.
        var live = await AllLines("acme", "ana");
        var all = await _queries.TranscriptAsOfAsync("acme", "ana", DateTimeOffset.MaxValue, new TranscriptRequest(PageSize: 500, Order: SortOrder.OldestFirst));
        Assert.Equal(live, all.Lines, LineComparer);
    }

    private static readonly IEqualityComparer<TranscriptLine> LineComparer = EqualityComparer<TranscriptLine>.Create(
        (a, b) => Json(a) == Json(b), l => Json(l).GetHashCode());

    private static string Json(TranscriptLine? line) =>
        System.Text.Json.JsonSerializer.Serialize(line, InteractionEngine.Actors.Serialization.InteractionJson.Options);
}

using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>How the inline projection behaves under the feed's batching, and when an event cannot apply.</summary>
public sealed class TranscriptFeedTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    private Task<IReadOnlyList<TranscriptLine>> AllLines(string tenant, string contact, TranscriptRequest? request = null) =>
        TranscriptReading.AllLines(_queries, tenant, contact, request);

    [Theory]
    [InlineData("reply-same-batch", true)]
    [InlineData("reply-later-batch", false)]
    public async Task Button_reply_links_whether_its_notification_is_in_the_same_batch_or_already_stored(string contact, bool oneBatch)
    {
        var script = new ConversationScript(new ConversationId("acme", contact), ContactCenterScenario.Start)
            .Route("alice")
            .Seconds(5).Notify("alice", ContactCenterScenario.Reminder)
            .Seconds(1).Status(1, DeliveryStatus.Sent, $"wamid.{contact}");
        var split = script.Events.Count;
        script.Seconds(30).Receive(ChannelKind.WhatsApp, $"wamid.{contact}.r", null, inReplyTo: $"wamid.{contact}", reply: new ButtonReply("later", "Later"));

        if (oneBatch) await EventFeed.AppendAsync(fixture.Store, script.Events);
        else
        {
            await EventFeed.AppendAsync(fixture.Store, script.Events.Take(split));
            await EventFeed.AppendAsync(fixture.Store, script.Events.Skip(split));
        }

        var reply = (await AllLines("acme", contact)).Single(l => l.ButtonReply is not null);
        Assert.Equal(1, reply.InReplyToMessageNumber);
    }

    [Fact]
    public async Task An_event_the_projections_cannot_apply_fails_the_append_instead_of_being_skipped()
    {
        var orphan = new MessagesRead(new ConversationId("acme", "ghost"), "alice", 1, ContactCenterScenario.Start);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventFeed.AppendAsync(fixture.Store, [orphan]));
        Assert.Contains("must start with InteractionOpened", error.ToString());

        await using var session = fixture.Store.QuerySession();
        Assert.Empty(await session.Events.FetchStreamAsync("acme:ghost")); // nothing committed: events and read models go together
    }
}

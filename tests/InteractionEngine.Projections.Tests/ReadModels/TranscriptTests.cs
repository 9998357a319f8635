using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

public sealed class TranscriptTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    private async Task<IReadOnlyList<TranscriptLine>> AllLines(string tenant, string contact, TranscriptRequest? request = null)
    {
        var page = await _queries.TranscriptAsync(tenant, contact, (request ?? new TranscriptRequest()) with { PageSize = 500, Order = SortOrder.OldestFirst });
        Assert.Null(page.NextCursor);
        return page.Lines;
    }

    [Fact]
    public async Task Transcript_shows_every_interaction_in_order_with_boundaries_directions_and_authors()
    {
        var lines = await AllLines("acme", "ana");

        Assert.Equal(
        [
            "InteractionOpened 1 WhatsApp", "Message 1 WhatsApp", "Message 1 WhatsApp", "Routed 1 WhatsApp", "Message 1 WhatsApp",
            "Transferred 1 WhatsApp", "Notification 1 WhatsApp", "Message 1 WhatsApp", "Message 1 WhatsApp", "SessionEnded 1 WhatsApp",
            "Reactivated 1 WhatsApp", "Message 1 WhatsApp", "SessionEnded 1 WhatsApp", "Done 1 WhatsApp",
            "Reactivated 1 WhatsApp", "Message 1 Sms", "SessionEnded 1 WhatsApp", "Done 1 WhatsApp",
            "Reactivated 2 Tweet", "Message 2 Tweet", "IdleAlert 2 Tweet", "Message 2 Tweet", "SessionEnded 2 Tweet",
        ], lines.Select(l => $"{l.Kind} {l.Interaction} {l.Channel}"));

        var messages = lines.Where(l => l.MessageNumber is not null).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long?)n), messages.Select(m => m.MessageNumber));
        Assert.Equal(
            ["Inbound Contact:ana", "Inbound Contact:ana", "Outbound Agent:alice", "Outbound Agent:bob", "Inbound Contact:ana",
             "Outbound Agent:bob", "Inbound Contact:ana", "Inbound Contact:ana", "Outbound Agent:carol", "Inbound Contact:ana"],
            messages.Select(m => $"{m.Direction} {m.Author.Party}:{m.Author.Id}"));

        Assert.Equal("Olá! Preciso de ajuda com a fatura 🎉", messages[0].Text);
        Assert.Equal("One more thing: 日本語のサポートはありますか？", messages[6].Text);

        var transfer = lines.Single(l => l.Kind == TranscriptLineKind.Transferred);
        Assert.Equal(("bob", "alice", "escalation"), (transfer.AgentId, transfer.PreviousAgentId, transfer.Reason));
        var ends = lines.Where(l => l.Kind == TranscriptLineKind.SessionEnded).Select(l => l.Author.Party).ToList();
        Assert.Equal([Party.Contact, Party.Agent, Party.Agent, Party.System], ends);
        var reactivations = lines.Where(l => l.Kind == TranscriptLineKind.Reactivated).ToList();
        Assert.Equal([false, false, true], reactivations.Select(r => r.NewInteraction!.Value));
        Assert.Equal(new Author(Party.Agent, "carol"), reactivations[2].Author);
        Assert.Equal(1, reactivations[2].PreviousInteraction);
    }

    [Fact]
    public async Task Delivery_status_is_updated_in_place_and_a_failure_keeps_its_error()
    {
        var lines = await AllLines("acme", "ana");
        var reply = lines.Single(l => l.MessageNumber == 3);
        Assert.Equal(DeliveryStatus.Read, reply.Delivery!.Status);
        Assert.Equal(fixture.Scenario.AnaReplyReadAt, reply.Delivery.At);
        Assert.Equal("wamid.o3", reply.ChannelMessageId);

        var failed = lines.Single(l => l.MessageNumber == 6);
        Assert.Equal(DeliveryStatus.Failed, failed.Delivery!.Status);
        Assert.Equal(new DeliveryError(131047, "Re-engagement message", "more than 24 hours"), failed.Delivery.Error);

        Assert.Null(lines.Single(l => l.MessageNumber == 1).Delivery); // inbound messages have no delivery status
        Assert.Equal(DeliveryStatus.Pending, lines.Single(l => l.MessageNumber == 9).Delivery!.Status);
    }

    [Fact]
    public async Task Notification_keeps_fields_and_buttons_and_the_button_reply_links_to_it()
    {
        var lines = await AllLines("acme", "ana");
        var notification = lines.Single(l => l.Kind == TranscriptLineKind.Notification);
        Assert.Equal("payment_reminder", notification.Notification!.TemplateName);
        Assert.Equal("123", notification.Notification.Fields["invoice"]);
        Assert.Equal(["Pay now", "Later"], notification.Notification.Buttons.Select(b => b.Text));
        Assert.Equal("Invoice 123", Assert.Single(notification.Attachments).Caption);
        Assert.Equal(DeliveryStatus.Delivered, notification.Delivery!.Status);

        var answer = lines.Single(l => l.ButtonReply is not null);
        Assert.Equal(new ButtonReply("pay", "Pay now"), answer.ButtonReply);
        Assert.Equal("wamid.n4", answer.InReplyTo);
        Assert.Equal(notification.MessageNumber, answer.InReplyToMessageNumber);
        Assert.Equal("button", answer.ChannelMessageType);

        var image = lines.Single(l => l.MessageNumber == 2);
        Assert.Equal(("media://receipt.jpg", "foto do recibo"), (image.Attachments[0].Reference, image.Attachments[0].Caption));
    }

    [Fact]
    public async Task Each_line_position_is_the_stream_version_of_the_event_that_created_it()
    {
        var lines = await AllLines("acme", "ana");
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("acme:ana");
        Assert.Equal(fixture.Scenario.Ana.Events.Count, events.Count);
        foreach (var line in lines)
        {
            var source = events.Single(e => e.Version == line.Position);
            Assert.Equal(line.At, ((IConversationEvent)source.Data).At);
        }
        Assert.Equal(lines.Count, lines.Select(l => l.Position).Distinct().Count());
    }

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

    [Fact]
    public async Task Transcripts_never_cross_tenants()
    {
        var acme = await AllLines("acme", "ana");
        var globex = await AllLines("globex", "ana");
        Assert.All(acme, l => Assert.Equal("acme", l.Tenant));
        Assert.All(globex, l => Assert.Equal("globex", l.Tenant));
        Assert.DoesNotContain(acme, l => l.Text?.Contains("globex") == true);
        Assert.Equal(3, globex.Count);
        await Assert.ThrowsAsync<ArgumentException>(() => _queries.TranscriptAsync("acme:ana", "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => _queries.TranscriptAsync("", "ana"));
        Assert.Empty((await _queries.TranscriptAsync("initech", "ana")).Lines);
    }

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

    private static readonly IEqualityComparer<TranscriptLine> LineComparer = EqualityComparer<TranscriptLine>.Create(
        (a, b) => Json(a) == Json(b), l => Json(l).GetHashCode());

    private static string Json(TranscriptLine? line) =>
        System.Text.Json.JsonSerializer.Serialize(line, InteractionEngine.Actors.Serialization.InteractionJson.Options);
}

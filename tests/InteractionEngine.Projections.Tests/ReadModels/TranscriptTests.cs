using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>What the transcript projection writes for realistic conversations.</summary>
public sealed class TranscriptTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    private Task<IReadOnlyList<TranscriptLine>> AllLines(string tenant, string contact, TranscriptRequest? request = null) =>
        TranscriptReading.AllLines(_queries, tenant, contact, request);

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
        Assert.Equal(new Author(Party.Agent, "carol", "carol"), reactivations[2].Author); // no roster here: agents are named by id
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
}

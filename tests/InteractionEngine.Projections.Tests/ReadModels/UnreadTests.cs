using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>Unread counts follow each appended batch: up, back to zero, marked unread, and per agent.</summary>
public sealed class UnreadTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;

    private async Task<(int Unread, bool HasUnread)> Dora()
    {
        var dora = (await _queries.ContactAsync("acme", "dora"))!;
        return (dora.UnreadCount, dora.HasUnread);
    }

    private async Task Append(ConversationScript script, Action<ConversationScript> steps)
    {
        var before = script.Events.Count;
        steps(script);
        await EventFeed.AppendAsync(fixture.Store, script.Events.Skip(before));
    }

    [Fact]
    public async Task Unread_counts_go_up_back_to_zero_and_up_again_when_marked_unread()
    {
        var dora = new ConversationScript(new ConversationId("acme", "dora"), ContactCenterScenario.Start.AddHours(3));
        var baseline = await _queries.UnreadTotalsAsync("acme");

        await Append(dora, d => d.Receive(ChannelKind.WhatsApp, "d1", "oi").Seconds(1).Receive(ChannelKind.WhatsApp, "d2", "tudo bem?")
            .Seconds(1).Receive(ChannelKind.Sms, "d3", "?"));
        Assert.Equal((3, true), await Dora());
        Assert.Equal(baseline.Messages + 3, (await _queries.UnreadTotalsAsync("acme")).Messages);

        await Append(dora, d => d.Minutes(1).Route("alice"));
        Assert.Equal(new AgentUnread("alice", 3, 1), await _queries.UnreadForAgentAsync("acme", "alice"));

        await Append(dora, d => d.Seconds(5).Read("alice", 2));
        Assert.Equal((1, true), await Dora());

        // An agent's own message never counts as unread, and reading past it clears everything.
        await Append(dora, d => d.Seconds(5).Send("alice", "Olá Dora!").Seconds(1).Read("alice", 4));
        Assert.Equal((0, false), await Dora());
        Assert.DoesNotContain("dora", (await _queries.ContactsAsync("acme", new ContactListRequest(HasUnread: true))).Contacts.Select(c => c.Contact));
        Assert.Equal(baseline, await _queries.UnreadTotalsAsync("acme"), TotalsComparer);

        await Append(dora, d => d.Seconds(5).Unread("alice"));
        Assert.Equal((1, true), await Dora());
        Assert.Contains("dora", (await _queries.ContactsAsync("acme", new ContactListRequest(HasUnread: true))).Contacts.Select(c => c.Contact));

        // Transfer: the unread messages now count for bob, the current interaction's agent.
        await Append(dora, d => d.Minutes(1).Route("bob", "escalation").Seconds(5).Receive(ChannelKind.WhatsApp, "d5", "alô?")
            .Seconds(1).Receive(ChannelKind.WhatsApp, "d6", "👀"));
        Assert.Equal((3, true), await Dora());
        Assert.Equal(new AgentUnread("bob", 3, 1), await _queries.UnreadForAgentAsync("acme", "bob"));
        Assert.Equal(new AgentUnread("alice", 0, 0), await _queries.UnreadForAgentAsync("acme", "alice"));

        await Append(dora, d => d.Seconds(5).Read("bob", dora.LastMessageNumber));
        Assert.Equal((0, false), await Dora());
        Assert.Equal(baseline, await _queries.UnreadTotalsAsync("acme"), TotalsComparer);
    }

    // Uses its own agent so that it does not disturb the per-agent totals of the test above.
    [Fact]
    public async Task Long_conversations_keep_exact_counts_with_bounded_bookkeeping()
    {
        var eve = new ConversationScript(new ConversationId("acme", "eve"), ContactCenterScenario.Start.AddHours(4));
        await Append(eve, e => e.Receive(ChannelKind.WebChat, "e0", "hi").Route("erin", channel: ChannelKind.WebChat));
        for (var i = 1; i <= 40; i++)
        {
            var turn = i;
            await Append(eve, e => e.Seconds(10).Receive(ChannelKind.WebChat, $"e{turn}a", $"question {turn}")
                .Seconds(1).Receive(ChannelKind.WebChat, $"e{turn}b", "and?")
                .Seconds(10).Send("erin", $"answer {turn}")
                .Seconds(1).Read("erin", e.LastMessageNumber));
        }
        var summary = (await _queries.ContactAsync("acme", "eve"))!;
        Assert.Equal(0, summary.UnreadCount);
        Assert.True(summary.InboundRuns.Count <= 17, $"kept {summary.InboundRuns.Count} runs");

        await Append(eve, e => e.Seconds(5).Unread("erin"));
        Assert.Equal(1, (await _queries.ContactAsync("acme", "eve"))!.UnreadCount);
    }

    private static readonly IEqualityComparer<UnreadTotals> TotalsComparer = EqualityComparer<UnreadTotals>.Create(
        (a, b) => a!.Messages == b!.Messages && a.Contacts == b.Contacts && a.Agents.SequenceEqual(b.Agents),
        t => t.Messages);
}

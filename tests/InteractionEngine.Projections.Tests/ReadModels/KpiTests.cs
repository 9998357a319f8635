using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>KPIs run in the async daemon; the fixture waits for it with WaitForNonStaleProjectionDataAsync.</summary>
public sealed class KpiTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private readonly ConversationQueries _queries = fixture.Queries;
    private static readonly DateTimeOffset Day = ContactCenterScenario.Start.Date;

    [Fact]
    public async Task Interaction_with_transfer_reopens_and_two_dones_measures_handle_session_and_first_response()
    {
        var kpi = (await _queries.InteractionKpiAsync("acme", "ana", 1))!;
        var routed = fixture.Scenario.AnaRoutedAt;

        Assert.Equal((InteractionStatus.Done, InteractionOrigin.Inbound, ChannelKind.WhatsApp), (kpi.Status, kpi.Origin, kpi.Channel));
        Assert.Equal(ContactCenterScenario.Start, kpi.OpenedAt);
        Assert.Equal(routed, kpi.RoutedAt);
        Assert.Equal(["alice", "bob"], kpi.Agents);
        Assert.Equal((1, "bob", "bob"), (kpi.Transfers, kpi.AgentId, kpi.DoneBy));
        // The contact waited in the queue, so the clock starts at routing; alice answered 45 s later.
        Assert.Equal(fixture.Scenario.AnaFirstReplyAt, kpi.FirstResponseAt);
        Assert.Equal(45, kpi.FirstResponseSeconds);
        // Sessions: routing → contact ends (318 s), reopen → done (120 s), reopen after done → done (300 s).
        Assert.Equal((3, 738d), (kpi.Sessions, kpi.SessionSeconds));
        Assert.Null(kpi.SessionStartedAt);
        Assert.Equal(fixture.Scenario.AnaFinalDoneAt, kpi.DoneAt);
        Assert.Equal(1518, kpi.HandleSeconds);
        Assert.Equal((5, 3, 2), (kpi.InboundMessages, kpi.OutboundMessages, kpi.Reactivations));
    }

    [Fact]
    public async Task Interaction_started_by_reactivation_after_done_is_its_own_interaction()
    {
        var kpi = (await _queries.InteractionKpiAsync("acme", "ana", 2))!;
        Assert.True(kpi.StartedByReactivation);
        Assert.Equal((InteractionOrigin.Outbound, ChannelKind.Tweet, MediaType.OpenMedia), (kpi.Origin, kpi.Channel, kpi.Media));
        Assert.Equal((InteractionStatus.Ended, Party.System, "carol"), (kpi.Status, kpi.EndedBy!.Value, kpi.AgentId));
        Assert.Equal((1, 1650d, 1), (kpi.Sessions, kpi.SessionSeconds, kpi.IdleAlerts));
        Assert.Equal((1, 1), (kpi.InboundMessages, kpi.OutboundMessages));
        Assert.Null(kpi.FirstResponseSeconds); // carol wrote first; the contact's later tweet is unanswered
        Assert.Null(kpi.HandleSeconds);
    }

    [Fact]
    public async Task A_contacts_interactions_are_read_in_one_call_in_order_and_missing_ones_are_skipped()
    {
        var all = await _queries.InteractionKpisOfAsync("acme", "ana", 3);
        Assert.Equal([1, 2], all.Select(k => k.Interaction));
        Assert.Equal((await _queries.InteractionKpiAsync("acme", "ana", 2))!.Id, all[1].Id);
        Assert.Empty(await _queries.InteractionKpisOfAsync("acme", "ana", 0));
    }

    [Fact]
    public async Task Open_interaction_has_a_running_session_and_a_first_response()
    {
        var chen = (await _queries.InteractionKpiAsync("acme", "chen", 1))!;
        Assert.Equal((InteractionStatus.Active, 30d, 0), (chen.Status, chen.FirstResponseSeconds!.Value, chen.Sessions));
        Assert.NotNull(chen.SessionStartedAt);
        Assert.Null(await _queries.InteractionKpiAsync("globex", "chen", 1));
    }

    [Fact]
    public async Task Agent_aggregates_cover_interactions_done_in_the_period()
    {
        var agents = await _queries.AgentKpisAsync("acme", Day, Day.AddDays(1));
        var bob = Assert.Single(agents);
        Assert.Equal(new AgentKpis("bob", 1, TimeSpan.FromSeconds(1518), TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(738), 5, 3), bob);

        Assert.Empty(await _queries.AgentKpisAsync("acme", Day.AddDays(1), Day.AddDays(2)));
        Assert.Empty(await _queries.AgentKpisAsync("globex", Day, Day.AddDays(1)));

        var done = await _queries.InteractionKpisAsync("acme", Day, Day.AddDays(1));
        Assert.Equal(["acme:ana/1"], done.Select(k => k.Id));
        Assert.Empty(await _queries.InteractionKpisAsync("acme", Day, Day.AddDays(1), agentId: "alice"));
    }
}

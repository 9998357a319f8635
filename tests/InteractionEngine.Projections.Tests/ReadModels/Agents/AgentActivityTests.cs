using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels.Agents;

/// <summary>Time per state, handling time and occupancy from agent and conversation events (docs/api.md, "Agent state and queue").</summary>
public class AgentActivityTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly AgentKey Alice = new("acme", "alice");
    private static readonly ConversationId Ana = new("acme", "ana");

    private static DateTimeOffset At(int minutes) => Nine.AddMinutes(minutes);

    private static AgentStateChanged State(int minute, AgentPresence state, string? reason = null) =>
        new(Alice, state, reason, reason, AgentPresence.Offline, "key", At(minute));

    /// <summary>Ready 9:00, chat routed 9:10, Not Ready (break) 9:30, session ended 9:40, Done 9:50, Offline 10:00.</summary>
    private static readonly IConversationEvent[] Day =
    [
        State(0, AgentPresence.Ready),
        new InteractionOpened(Ana, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, At(5)),
        new InteractionRouted(Ana, 1, "alice", "skill", null, At(10)),
        State(30, AgentPresence.NotReady, "break"),
        new SessionEnded(Ana, 1, Party.Contact, null, null, At(40)),
        new MarkedDone(Ana, 1, "alice", At(50)),
        State(60, AgentPresence.Offline),
    ];

    private static AgentStateKpis Fold(DateTimeOffset from, DateTimeOffset to, bool endedCounts = true)
    {
        var activity = new AgentActivity(from, to, endedCounts);
        foreach (var e in Day) activity.Apply(e);
        return Assert.Single(activity.Result());
    }

    [Fact]
    public void Time_per_state_and_handling_over_the_hour_give_occupancy()
    {
        var kpis = Fold(Nine, At(90));

        Assert.Equal(("alice", 1800d, 1800d, 1800d), (kpis.AgentId, kpis.ReadySeconds, kpis.NotReadySeconds, kpis.OfflineSeconds));
        Assert.Equal(1800d, kpis.NotReadySecondsByReason["break"]);
        Assert.Equal(2400d, kpis.HandlingSeconds); // 9:10 to Done at 9:50: the ended session counts until Done
        Assert.Equal(0.6667, kpis.Occupancy);
    }

    [Fact]
    public void When_an_ended_interaction_does_not_count_handling_stops_at_the_end()
    {
        var kpis = Fold(Nine, At(60), endedCounts: false);

        Assert.Equal(1800d, kpis.HandlingSeconds);
        Assert.Equal(0.5, kpis.Occupancy);
    }

    [Fact]
    public void The_period_clips_every_interval()
    {
        var kpis = Fold(At(20), At(45));

        Assert.Equal((600d, 900d, 0d), (kpis.ReadySeconds, kpis.NotReadySeconds, kpis.OfflineSeconds));
        Assert.Equal(1500d, kpis.HandlingSeconds);
        Assert.Equal(1.0, kpis.Occupancy);
    }

    [Fact]
    public void A_transfer_moves_the_open_interaction_to_the_new_agent()
    {
        var activity = new AgentActivity(Nine, At(30), true);
        foreach (var e in new IConversationEvent[]
                 {
                     State(0, AgentPresence.Ready),
                     new AgentStateChanged(new AgentKey("acme", "bob"), AgentPresence.Ready, null, null, AgentPresence.Offline, "key", At(0)),
                     new InteractionOpened(Ana, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, At(0)),
                     new InteractionRouted(Ana, 1, "alice", "skill", null, At(0)),
                     new InteractionRouted(Ana, 1, "bob", "transfer", "alice", At(10)),
                 })
            activity.Apply(e);

        var result = activity.Result().ToDictionary(k => k.AgentId);
        Assert.Equal((600d, 1800d), (result["alice"].HandlingSeconds, result["alice"].ReadySeconds));
        Assert.Equal(1200d, result["bob"].HandlingSeconds);
    }
}

using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Tests.ReadModels.Agents;

/// <summary>The routing view over the contact center day: agent state joined with open interactions, the queue with its age, state KPIs.</summary>
public sealed class AgentQueriesTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private static readonly AgentDeskPolicy Policy = new([new NotReadyReason("lunch", "Lunch")], 3, 1, true);
    private readonly AgentQueries _queries = new(fixture.Store);

    [Fact]
    public async Task Agents_show_state_time_in_state_capacity_open_and_free_slots()
    {
        var now = ContactCenterScenario.Start.AddHours(4);
        var list = await _queries.AgentsAsync("acme", Policy, now);

        var alice = list.Agents.Single(a => a.AgentId == "alice");
        Assert.Equal((AgentPresence.Ready, 4 * 3600d), (alice.State, alice.SecondsInState));
        Assert.Equal(2, alice.Chat.Capacity); // her own override
        Assert.Equal(1, alice.OpenMedia.Capacity); // the tenant's default
        Assert.Equal(alice.Chat.Active + alice.Chat.Ended, alice.Chat.Open);
        Assert.Equal(Math.Max(0, 2 - alice.Chat.Open) + Math.Max(0, 1 - alice.OpenMedia.Open), alice.FreeSlots);

        var bob = list.Agents.Single(a => a.AgentId == "bob");
        Assert.Equal((AgentPresence.NotReady, "lunch", "Lunch", 3600d), (bob.State, bob.Reason, bob.ReasonLabel, bob.SecondsInState));
        Assert.Equal(0, bob.FreeSlots); // only Ready agents have free slots
        Assert.DoesNotContain(list.Agents, a => a.AgentId.StartsWith('~'));
        Assert.DoesNotContain((await _queries.AgentsAsync("globex", Policy, now)).Agents, a => a.State != AgentPresence.Offline);
    }

    [Fact]
    public async Task The_queue_lists_waiting_interactions_oldest_first_with_their_age_at_read_time()
    {
        var early = await _queries.QueueAsync("acme", ContactCenterScenario.Start.AddHours(1));
        var later = await _queries.QueueAsync("acme", ContactCenterScenario.Start.AddHours(2));

        var bruno = Assert.Single(early.Items, i => i.Contact == "bruno");
        Assert.Equal(MediaType.Chat, bruno.Media);
        Assert.Equal(3600d, later.Items.Single(i => i.Contact == "bruno").AgeSeconds - bruno.AgeSeconds); // the age grows
        Assert.DoesNotContain(early.Items, i => i.Contact == "ana"); // routed
        Assert.Equal(early.Items.Count, early.Waiting);
        Assert.Equal(early.Items.OrderBy(i => i.Since).Select(i => i.Contact), early.Items.Select(i => i.Contact));
    }

    [Fact]
    public async Task State_kpis_fold_the_tenants_agent_and_conversation_events()
    {
        var from = ContactCenterScenario.Start;
        var report = await _queries.StateKpisAsync("acme", Policy, from, from.AddHours(5), from.AddHours(4));

        Assert.Equal(from.AddHours(4), report.To); // capped at the read time
        var bob = report.Agents.Single(a => a.AgentId == "bob");
        Assert.Equal((3 * 3600d, 3600d), (bob.ReadySeconds, bob.NotReadySeconds));
        Assert.Equal(3600d, bob.NotReadySecondsByReason["lunch"]);
        var alice = report.Agents.Single(a => a.AgentId == "alice");
        Assert.True(alice.HandlingSeconds > 0);
        Assert.InRange(alice.Occupancy!.Value, 0.0001, 1);
    }
}

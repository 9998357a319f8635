using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using Marten;
using Marten.Events;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// Unread you can trust: a contact's reaction is neither unread nor the contact list's preview; an agent-started interaction
/// shows who started it on which address. Both come out the same after a rebuild.
/// </summary>
public sealed class ReactionAndStarterTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private const string Tenant = "lifecycle";
    private readonly ConversationQueries _queries = fixture.Queries;

    private static ReceiveMessage Reaction(ConversationScript s, string wamid, string? emoji, string reactedTo) =>
        new(s.Id, ChannelKind.WhatsApp, wamid, emoji, [], s.Now, s.Now, reactedTo, null, Conversation.ReactionMessageType);

    private async Task<ContactSummary> Contact(string contact) => (await _queries.ContactAsync(Tenant, contact))!;

    [Fact]
    public async Task A_reaction_is_not_unread_not_the_preview_and_the_same_after_a_rebuild()
    {
        var rita = new ConversationScript(new ConversationId(Tenant, "rita"), ContactCenterScenario.Start.AddHours(5));
        rita.Receive(ChannelKind.WhatsApp, "r1", "A caixa chegou danificada").Seconds(10).Route("alice")
            .Seconds(10).Send("alice", "Pode enviar uma foto?").Seconds(5).Read("alice", 1);
        await EventFeed.AppendAsync(fixture.Store, rita.Events);
        var before = await Contact("rita");

        rita.Seconds(30).Do(Reaction(rita, "r2", "👍", "wamid.out-2"));
        await EventFeed.AppendAsync(fixture.Store, rita.Events.Skip(rita.Events.Count - 1));

        var after = await Contact("rita");
        Assert.Equal((0, false), (after.UnreadCount, after.HasUnread));
        Assert.Equal("Pode enviar uma foto?", after.LastMessage!.Text);
        Assert.Equal(before.LastActivityAt, after.LastActivityAt);
        Assert.Equal(1, after.LastInboundMessageNumber);

        // A real message after the reaction counts (one unread, not two) and becomes the preview.
        var start = rita.Events.Count;
        rita.Seconds(30).Receive(ChannelKind.WhatsApp, "r3", "Aqui está");
        await EventFeed.AppendAsync(fixture.Store, rita.Events.Skip(start));
        var written = await Contact("rita");
        Assert.Equal((1, "Aqui está"), (written.UnreadCount, written.LastMessage!.Text));

        // The transcript still shows the reaction on its own line.
        var lines = await TranscriptReading.AllLines(_queries, Tenant, "rita");
        Assert.Equal("👍", Assert.Single(lines, l => l.Kind == TranscriptLineKind.Reaction).Reaction!.Emoji);

        await AssertRebuildReproduces();
    }

    [Fact]
    public async Task An_agent_started_interaction_shows_its_starter_and_address_and_the_same_after_a_rebuild()
    {
        var joao = new ConversationScript(new ConversationId(Tenant, "joao"), ContactCenterScenario.Start.AddHours(6));
        joao.Do(new StartInteraction(joao.Id, "alice", ChannelKind.WhatsApp, "+351912345678", "start-1", joao.Now));
        await EventFeed.AppendAsync(fixture.Store, joao.Events);

        var opened = (await TranscriptReading.AllLines(_queries, Tenant, "joao")).First();
        Assert.Equal(TranscriptLineKind.InteractionOpened, opened.Kind);
        Assert.Equal((Party.Agent, "alice"), (opened.Author.Party, opened.Author.Id));
        Assert.Equal(("alice", "+351912345678", InteractionOrigin.Outbound), (opened.AgentId, opened.Address, opened.Origin));
        var summary = await Contact("joao");
        Assert.Equal((InteractionStatus.Active, "alice"), (summary.Status, summary.AgentId));

        await AssertRebuildReproduces();
    }

    private async Task AssertRebuildReproduces()
    {
        await fixture.StopDaemonAsync(); // the rebuild runs its own daemon, as the CLI would with the feed paused
        var live = await Documents();
        await new ProjectionRebuilder(fixture.Store).RebuildAsync(ContactSummaryProjection.ProjectionName);
        await new ProjectionRebuilder(fixture.Store).RebuildAsync(TranscriptProjection.Name);
        Assert.Equal(live, await Documents());
    }

    /// <summary>This tenant's contact rows and transcript lines as stored (jsonb text), ordered by id.</summary>
    private async Task<List<(string Id, string Json)>> Documents()
    {
        var rows = new List<(string, string)>();
        await using var session = fixture.Store.QuerySession();
        foreach (var type in new[] { typeof(ContactSummary), typeof(TranscriptLine) })
        {
            var table = ((IDocumentStore)fixture.Store).Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var reader = await session.ExecuteReaderAsync(
                new NpgsqlCommand($"select id, data::text from {table} where data ->> 'tenant' = '{Tenant}' order by id"), default);
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}

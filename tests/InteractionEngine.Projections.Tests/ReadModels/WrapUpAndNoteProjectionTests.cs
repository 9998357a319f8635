using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// A private note is a transcript line of kind Note, internal, searchable, never unread and never the contact list's preview;
/// the Done line and the contact summary show the wrap-up code, its label and note. A rebuild gives the same rows.
/// </summary>
public sealed class WrapUpAndNoteProjectionTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private const string Tenant = "wrapup";
    private static readonly TenantPolicy Codes = TenantPolicy.Default with
    {
        WrapUp = new WrapUpPolicy([new WrapUpCode("refund", "Refund issued")], Required: true),
    };
    private readonly ConversationQueries _queries = fixture.Queries;

    private async Task<ContactSummary> Contact(string contact) => (await _queries.ContactAsync(Tenant, contact))!;

    [Fact]
    public async Task A_note_is_an_internal_searchable_line_not_unread_not_the_preview_and_done_shows_the_wrap_up()
    {
        var rita = new ConversationScript(new ConversationId(Tenant, "rita"), ContactCenterScenario.Start.AddHours(7)) { Policy = Codes };
        rita.Receive(ChannelKind.WhatsApp, "w1", "A encomenda não chegou").Seconds(10).Route("alice")
            .Seconds(10).Send("alice", "Vou verificar").Seconds(5).Read("alice", 1);
        await EventFeed.AppendAsync(fixture.Store, rita.Events);
        var before = await Contact("rita");

        var start = rita.Events.Count;
        rita.Seconds(30).Note("alice", "Cliente VIP: oferecer reembolso prioritário");
        await EventFeed.AppendAsync(fixture.Store, rita.Events.Skip(start));

        var after = await Contact("rita");
        Assert.Equal((0, false), (after.UnreadCount, after.HasUnread));
        Assert.Equal(before.LastMessage, after.LastMessage);
        Assert.Equal(before.LastActivityAt, after.LastActivityAt);

        var note = Assert.Single(await TranscriptReading.AllLines(_queries, Tenant, "rita"), l => l.Kind == TranscriptLineKind.Note);
        Assert.Equal((true, "Cliente VIP: oferecer reembolso prioritário", Party.Agent, "alice"),
            (note.Internal, note.Text, note.Author.Party, note.Author.Id));
        Assert.Null(note.MessageNumber);
        Assert.Null(note.Direction);

        var hit = Assert.Single(await _queries.SearchContactAsync(Tenant, "rita", "reembolso"));
        Assert.Equal(TranscriptLineKind.Note, hit.Line.Kind);

        start = rita.Events.Count;
        rita.Seconds(30).Done("alice", "refund", "reembolso enviado").Seconds(30).Note("bob", "Ligou de novo? ver histórico");
        await EventFeed.AppendAsync(fixture.Store, rita.Events.Skip(start));

        var lines = await TranscriptReading.AllLines(_queries, Tenant, "rita");
        var done = Assert.Single(lines, l => l.Kind == TranscriptLineKind.Done);
        Assert.Equal(("refund", "Refund issued", "reembolso enviado"), (done.WrapUpCode, done.WrapUpLabel, done.WrapUpNote));
        Assert.Equal(2, lines.Count(l => l.Kind == TranscriptLineKind.Note)); // a note after Done too
        var summary = await Contact("rita");
        Assert.Equal(new WrapUpSummary(1, "alice", "refund", "Refund issued", "reembolso enviado", done.At), summary.LastWrapUp);
        Assert.Equal((InteractionStatus.Done, 0), (summary.Status, summary.UnreadCount));

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

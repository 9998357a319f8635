using System.Text.Json;
using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.ReadModels;
using Microsoft.Extensions.Logging.Abstractions;
using Marten;
using Npgsql;

namespace InteractionEngine.Cli.Tests;

/// <summary>verify against a clean and a corrupted read model; rebuild online under live traffic and from the journal.</summary>
public sealed class RebuildVerifyTests(EngineHistory history) : IClassFixture<EngineHistory>
{
    private Task<IeResult> Ie(params string[] args) => Tests.Ie.RunAsync(history.ConnectionString, args);

    private string Table<T>() => ((IDocumentStore)history.Store).Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    [Fact]
    public async Task Verify_passes_on_a_clean_store_catches_a_corrupted_row_and_a_rebuild_under_live_traffic_repairs_it()
    {
        await history.CaughtUpAsync();
        await history.ExecuteAsync($"update {Table<ContactSummary>()} set data = jsonb_set(data, '{{unreadCount}}', '999') where id = 'acme:ana'");
        var drift = await Ie("verify", "--json");
        Assert.True(drift.ExitCode == ExitCodes.Drift, drift.Stderr + drift.Stdout);
        var report = JsonDocument.Parse(drift.Stdout).RootElement;
        Assert.False(report.GetProperty("equal").GetBoolean());
        var row = Assert.Single(report.GetProperty("drifts").EnumerateArray());
        Assert.Equal("ContactSummary", row.GetProperty("projection").GetString());
        Assert.Equal("acme:ana", row.GetProperty("id").GetString());
        Assert.Contains("unreadCount: 999 → 2", row.GetProperty("summary").GetString());
        var table = await Ie("verify");
        Assert.True(table.ExitCode == ExitCodes.Drift, table.Stderr);
        Assert.Contains("acme:ana", table.Console);
        await AssertNoScratchSchemaLeftAsync();

        // Rebuild while the engine keeps taking commands: they are journaled, and the read side catches up afterwards.
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            var n = 0;
            var dan = new ConversationId("acme", "dan");
            await history.Do(new ReceiveMessage(dan, ChannelKind.WebChat, "web.0", "hi", [], EngineHistory.T0, EngineHistory.T0.AddHours(2)));
            await history.Do(new RouteInteraction(dan, ChannelKind.WebChat, "agent-1", "skill:web", EngineHistory.T0.AddHours(2)));
            while (!stop.IsCancellationRequested)
            {
                n++;
                await history.Do(new ReceiveMessage(dan, ChannelKind.WebChat, $"web.{n}", $"message {n}", [], EngineHistory.T0, EngineHistory.T0.AddHours(2).AddSeconds(n)));
                await history.Do(new SendMessage(dan, "agent-1", $"reply-{n}", $"answer {n}", [], EngineHistory.T0.AddHours(2).AddSeconds(n)));
                await Task.Delay(20);
            }
            return n;
        });
        await Task.Delay(300);
        var rebuilt = await Ie("rebuild", "--json");
        await Task.Delay(300);
        stop.Cancel();
        var sent = await traffic;
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Equal(6, JsonDocument.Parse(rebuilt.Stdout).RootElement.GetArrayLength()); // every projection, the agent desk's two included
        Assert.True(sent > 0);

        await history.CaughtUpAsync();
        var after = await Ie("verify");
        Assert.True(after.ExitCode == 0, after.Console + after.Stderr);
        Assert.Contains("read models match", after.Console);
        var dan2 = await history.Queries.ContactAsync("acme", "dan");
        Assert.Equal(sent + 1, dan2!.UnreadCount); // "hi" and every numbered message, none read
    }

    [Fact]
    public async Task Rebuild_from_the_journal_reproduces_martens_events_and_every_projection_in_another_schema()
    {
        await history.CaughtUpAsync();
        var result = await Ie("rebuild", "--from-journal", "--into", "read_model_restore", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Console);
        await history.CaughtUpAsync();

        await using var connection = new NpgsqlConnection(history.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        Assert.Equal(await Scalar("select count(*) from read_model.mt_events"), await Scalar("select count(*) from read_model_restore.mt_events"));
        foreach (var table in new[] { "mt_doc_transcriptline", "mt_doc_transcripthead", "mt_doc_contactsummary", "mt_doc_interactionkpi", "mt_doc_contactprofile" })
        {
            Assert.True(await Scalar($"select count(*) from read_model.{table}") > 0);
            Assert.Equal(0, await Scalar($"select count(*) from read_model.{table} l full join read_model_restore.{table} r on r.id = l.id where l.data is distinct from r.data"));
        }

        var again = await Ie("rebuild", "--from-journal", "--into", "read_model_restore");
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("already has events", again.Stderr);
    }

    [Fact]
    public async Task The_directory_is_rebuilt_from_its_events_with_the_same_documents()
    {
        await history.CaughtUpAsync();
        var directory = new ContactDirectory(history.Store);
        var dora = await directory.FindAsync(new ConversationId("acme", "dora"), default);
        Assert.Equal("Dias Costa", dora!.LastName);
        Assert.Equal(["+351213000333", "+351912000222"], dora.PhoneNumbers.Select(p => p.Number));
        Assert.Equal(["erin@example.org"], (await directory.FindAsync(new ConversationId("acme", "erin"), default))!.Emails!);
        var before = await RowsAsync(Table<ContactProfile>());

        var rebuilt = await Ie("rebuild", "ContactProfile", "--json");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Equal(before, await RowsAsync(Table<ContactProfile>()));
    }

    [Fact]
    public async Task Rebuild_refuses_while_directory_documents_written_before_events_are_not_imported_and_the_import_enters_them()
    {
        await history.CaughtUpAsync();
        var directory = new ContactDirectory(history.Store);
        var legacy = new ContactProfile("acme:fabio", "acme", "fabio", "Fábio", null, [new ContactPhone("+351936000444", null)]);
        await directory.SaveAsync(legacy, default);

        var refused = await Ie("rebuild");
        Assert.Equal(ExitCodes.Error, refused.ExitCode);
        Assert.Contains("not imported yet", refused.Stderr);
        Assert.Equivalent(legacy, await directory.FindAsync(new ConversationId("acme", "fabio"), default), strict: true); // nothing was deleted

        var import = new DirectoryImport(directory, new NodeConversations(history.Node), TimeProvider.System, NullLogger<DirectoryImport>.Instance);
        Assert.Equal(1, await import.ImportAsync(default));
        await history.CaughtUpAsync();
        var imported = await directory.FindAsync(new ConversationId("acme", "fabio"), default);
        Assert.NotNull(imported!.EnteredAt);
        Assert.Equal(("Fábio", legacy.PhoneNumbers[0]), (imported.FirstName, imported.PhoneNumbers.Single()));
        Assert.Equal(0, await directory.CountNotImportedAsync(default));
        Assert.Equal(0, await import.ImportAsync(default)); // once

        var rebuilt = await Ie("rebuild", "ContactProfile");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Stderr);
        Assert.Equivalent(imported, await directory.FindAsync(new ConversationId("acme", "fabio"), default), strict: true);
    }

    private sealed class NodeConversations(InteractionEngine.Testing.EngineNode node) : IConversations
    {
        public Task<Reply> AskAsync(IConversationCommand command, string? correlationId, CancellationToken ct) => node.AskAsync(command);
    }

    private async Task<List<string>> RowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(history.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id || ' ' || data::text from {table} order by id", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private async Task AssertNoScratchSchemaLeftAsync()
    {
        await using var connection = new NpgsqlConnection(history.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from information_schema.schemata where schema_name like 'read_model_verify_%'", connection);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}

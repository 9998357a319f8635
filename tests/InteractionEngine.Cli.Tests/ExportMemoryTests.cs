using InteractionEngine.Cli.Commands;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;
using Npgsql;

namespace InteractionEngine.Cli.Tests;

/// <summary>An export of 100,000 events streams: the live heap stays flat while the file grows far past it.</summary>
public sealed class ExportMemoryTests : IAsyncLifetime
{
    private const int Events = 100_000;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("cli_export");
        using var store = ReadModelStore.Create(_connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // One real conversation, so the tenant exists for the command...
        var id = new ConversationId("bulk", "first");
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(id.Value, new InteractionOpened(id, 1, ChannelKind.Sms, InteractionOrigin.Inbound, T0),
                new MessageReceived(id, 1, 1, ChannelKind.Sms, "sms.0", "first", [], T0, T0));
            await session.SaveChangesAsync();
        }
        // ...and 100,000 more message events written straight into Marten's tables (seconds instead of minutes).
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            insert into read_model.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived)
            select 'bulk:c' || c, null, {Events / 1000}, now(), now(), '*DEFAULT*', false from generate_series(1, 1000) c;
            insert into read_model.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived)
            select nextval('read_model.mt_events_sequence'), gen_random_uuid(), 'bulk:c' || (1 + g % 1000), 1 + g / 1000,
                   jsonb_build_object('conversationId', 'bulk:c' || (1 + g % 1000), 'interaction', 1, 'messageNumber', 1 + g / 1000,
                       'channel', 'Sms', 'channelMessageId', 'sms.' || g, 'text', 'message ' || g || ' ' || repeat('lorem ipsum ', 30),
                       'attachments', '[]'::jsonb, 'sentAt', '2026-01-01T00:00:00+00:00',
                       'at', to_char((timestamptz '2026-01-01T00:00:00Z' + g * interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')),
                   'MessageReceived/1', now(), '*DEFAULT*', null, false
            from generate_series(1, {Events}) g;
            """, connection) { CommandTimeout = 300 };
        await seed.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Exporting_100000_events_keeps_the_heap_flat()
    {
        var reader = new EventExportReader(_connectionString);
        var query = new EventQuery("bulk", null, T0, T0.AddDays(30));
        Assert.Equal(Events + 2, await reader.CountAsync(query));

        var file = Path.Combine(Path.GetTempPath(), $"ie-export-{Guid.NewGuid():N}.jsonl");
        try
        {
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var peak = 0L;
            await using (var output = new StreamWriter(file))
            {
                var written = await EventWriter.WriteAsync(reader.ReadAsync(query), output, ExportFormat.Jsonl, n =>
                {
                    if (n % 20_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                }, CancellationToken.None);
                Assert.Equal(Events + 2, written);
            }
            var size = new FileInfo(file).Length;
            Assert.True(size > 40_000_000, $"export is {size:N0} bytes");
            // Buffering the export would hold at least its size in memory; streaming holds one fetch batch.
            Assert.True(peak - baseline < 16_000_000, $"live heap grew by {peak - baseline:N0} bytes for a {size:N0}-byte export");

            // The command itself, on the first two hours (one event a second): header + 7,200 bulk events + the real two.
            var command = await Ie.RunAsync(_connectionString, "export", "bulk", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-01T02:00:00Z",
                "--format", "csv", "--out", file);
            Assert.True(command.ExitCode == 0, command.Stderr);
            Assert.Equal(1 + 7_200 + 2, File.ReadLines(file).Count());
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task DisposeAsync()
    {
        if (_connectionString.Length > 0) await TestPostgres.DropDatabaseAsync(_connectionString);
    }
}

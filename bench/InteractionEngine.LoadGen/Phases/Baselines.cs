using System.Diagnostics;
using System.Text.Json;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Store;
using Npgsql;
using NpgsqlTypes;

namespace InteractionEngine.LoadGen.Phases;

/// <summary>Phase 6: the same per-message work without the engine, on the same PostgreSQL.</summary>
public static class Baselines
{
    private const int BatchSize = 50;

    /// <summary>
    /// Ceiling: hand-written SQL. Per message, insert the event row (the engine's JSON payload), upsert a transcript row
    /// and upsert the contact's unread count; 50 messages per transaction, one round trip per batch (NpgsqlBatch,
    /// prepared statements), from concurrent writers that each own their contacts. No decisions, no idempotency,
    /// no document JSON: the least a durable design must do.
    /// </summary>
    public static async Task CeilingAsync(BenchSettings settings, BenchDatabase db, BenchResults results, TextWriter log)
    {
        var cs = new NpgsqlConnectionStringBuilder(await db.CreateDatabaseAsync("ceiling")) { MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 }.ConnectionString;
        await using (var connection = await BenchDatabase.OpenAsync(cs))
        await using (var ddl = new NpgsqlCommand("""
            CREATE TABLE events (id bigserial PRIMARY KEY, conversation_id text NOT NULL, seq bigint NOT NULL, manifest text NOT NULL,
                                 payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (conversation_id, seq));
            CREATE TABLE transcript (conversation_id text NOT NULL, message_number bigint NOT NULL, direction text NOT NULL, text text,
                                     at timestamptz NOT NULL, PRIMARY KEY (conversation_id, message_number));
            CREATE TABLE unread (conversation_id text PRIMARY KEY, unread integer NOT NULL, last_message_at timestamptz NOT NULL);
            """, connection))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        var contacts = settings.Contacts;
        var writers = settings.CeilingWriters;
        var next = new long[contacts];
        var owned = Enumerable.Range(0, writers).Select(w => Enumerable.Range(0, contacts).Where(c => c % writers == w).ToArray()).ToArray();

        async Task<bool> Batch(int writer, long seq)
        {
            // A batch is 50 messages over this writer's contacts, round robin.
            var mine = owned[writer];
            await using var connection = await BenchDatabase.OpenAsync(cs);
            await using var tx = await connection.BeginTransactionAsync();
            var batch = new NpgsqlBatch(connection, tx);
            for (var i = 0; i < BatchSize; i++)
            {
                var contact = mine[(int)((seq * BatchSize + i) % mine.Length)];
                var id = Inbound.Contact("b", contact);
                var number = ++next[contact];
                var now = DateTimeOffset.UtcNow;
                var e = new MessageReceived(id, 1, number, ChannelKind.WhatsApp, $"c-{number}", Inbound.Text, [], now, now);
                var payload = JsonSerializer.SerializeToUtf8Bytes(e, InteractionJson.Options);
                batch.BatchCommands.Add(Command("INSERT INTO events (conversation_id, seq, manifest, payload) VALUES ($1, $2, $3, $4)",
                    id.Value, number, "MessageReceived/1", payload));
                batch.BatchCommands.Add(Command("""
                    INSERT INTO transcript (conversation_id, message_number, direction, text, at) VALUES ($1, $2, 'Inbound', $3, $4)
                    ON CONFLICT (conversation_id, message_number) DO UPDATE SET text = excluded.text, at = excluded.at
                    """, id.Value, number, Inbound.Text, now));
                batch.BatchCommands.Add(Command("""
                    INSERT INTO unread (conversation_id, unread, last_message_at) VALUES ($1, 1, $2)
                    ON CONFLICT (conversation_id) DO UPDATE SET unread = unread.unread + 1, last_message_at = excluded.last_message_at
                    """, id.Value, now));
            }
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return true;
        }

        await ClosedLoop.RunAsync(writers, writers, settings.Warmup, Batch);
        var cpu = new CpuMeter(db.PostmasterPid);
        var run = await ClosedLoop.RunAsync(writers, writers, settings.Duration, Batch);
        var used = cpu.Stop();
        // Count messages, not batches; latency is per batch commit.
        var messages = run with { Ok = run.Ok * BatchSize, Failed = run.Failed * BatchSize };
        results.Ceiling = new BaselineResult($"hand-written SQL, {BatchSize} msgs/transaction, {writers} writers", messages, used);
        log.WriteLine($"  ceiling: {messages.PerSecond:0} msgs/s ({writers} writers, batch commit {run.Latency.Triple}){Failures(run)}; CPU {used}");
    }

    /// <summary>
    /// Naive: what a plain web app would do per request: append the message event to the contact's Marten stream and
    /// SaveChanges, with the engine's read models (ReadModelStore: transcript and contact summary inline), from many
    /// concurrent requests. The first message of a contact also appends InteractionOpened, as the engine does.
    /// </summary>
    public static async Task NaiveAsync(BenchSettings settings, BenchDatabase db, BenchResults results, TextWriter log)
    {
        var cs = await db.CreateDatabaseAsync("naive");
        using var store = ReadModelStore.Create(cs);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var contacts = settings.Contacts;
        var next = new long[contacts];

        async Task<bool> Append(int contact, long _)
        {
            var id = Inbound.Contact("n", contact);
            var number = ++next[contact];
            var now = DateTimeOffset.UtcNow;
            await using var session = store.LightweightSession();
            var received = new MessageReceived(id, 1, number, ChannelKind.WhatsApp, $"n-{number}", Inbound.Text, [], now, now);
            if (number == 1) session.Events.Append(id.Value, new InteractionOpened(id, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, now), received);
            else session.Events.Append(id.Value, received);
            await session.SaveChangesAsync();
            return true;
        }

        var created = await ClosedLoop.EachContactAsync(contacts, settings.NaiveConcurrency, Append);
        log.WriteLine($"  naive: created {created.Ok} streams in {created.Elapsed.TotalSeconds:0.0} s{Failures(created)}");
        await ClosedLoop.RunAsync(contacts, settings.NaiveConcurrency, settings.Warmup, Append);
        var cpu = new CpuMeter(db.PostmasterPid);
        var run = await ClosedLoop.RunAsync(contacts, settings.NaiveConcurrency, settings.Duration, Append);
        var used = cpu.Stop();
        results.Naive = new BaselineResult($"Marten append + SaveChanges per message, inline projections, {settings.NaiveConcurrency} concurrent", run, used);
        log.WriteLine($"  naive: {run.PerSecond:0} msgs/s, ack {run.Latency.Triple}{Failures(run)}; CPU {used}");
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
            command.Parameters.Add(v is DateTimeOffset d ? new NpgsqlParameter { Value = d.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz } : new NpgsqlParameter { Value = v });
        return command;
    }

    private static string Failures(ThroughputResult r) => r.Failed == 0 ? "" : $" ({r.Failed} failed: {r.FirstError ?? "?"})";
}

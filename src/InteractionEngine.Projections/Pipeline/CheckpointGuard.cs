using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Queued before each checkpoint write, in the same transaction: the stored checkpoint must be the one this appender
/// wrote (or read) last, or the transaction fails. The read side commits without waiting for its WAL flush, so a
/// PostgreSQL crash can take back its last commits; an appender that outlived that crash would otherwise go on from its
/// in-memory stream versions and leave a hole in the streams. Failing makes the pipeline restart from what the
/// database holds, and the journal query brings the lost events again.
/// </summary>
public sealed class CheckpointGuard(IDocumentStore store)
{
    /// <summary>PostgreSQL error code of a failed check (a serialization failure: starting over from the database is the cure).</summary>
    public const string SqlState = "40001";

    private readonly string _function = $"{store.Options.Events.DatabaseSchemaName}.ie_expect_pipeline_checkpoint";
    private readonly string _table = store.Options.FindOrResolveDocumentType(typeof(PipelineCheckpoint)).TableName.QualifiedName;

    /// <summary>Creates (or updates) the check's function; the pipeline runs this when it starts.</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($$"""
            create or replace function {{_function}}(expected_writes bigint) returns void language plpgsql as $$
            begin
              if coalesce((select (data ->> 'writes')::bigint from {{_table}} where id = '{{PipelineCheckpoint.JournalToMarten}}'), 0) <> expected_writes then
                raise exception 'The read side''s checkpoint is not the one this pipeline wrote last (a commit was lost, or another pipeline writes it): start over from the database'
                  using errcode = '{{SqlState}}';
              end if;
            end $$
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public void Queue(IDocumentOperations session, PipelineCheckpoint expected) =>
        session.QueueSqlCommand($"select {_function}(?)", expected.Writes);
}

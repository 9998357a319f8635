using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;
using Npgsql;
using Weasel.Core;

namespace InteractionEngine.Projections.Tests.Store;

/// <summary>Applying the store's schema builds every table the engine uses, and leaves an existing database's data alone.</summary>
public sealed class EngineSchemaTests : IAsyncLifetime
{
    private string _connectionString = null!;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("engineschema");

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Applying_the_schema_creates_every_document_table_and_the_attachments_table()
    {
        await using var store = ReadModelStore.Create(_connectionString, "whole_schema");
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var options = ((IDocumentStore)store).Options;
        var documents = ReadModelProjections.All.SelectMany(p => p.DocumentTypes).Concat(StoredDocuments.Types).ToList();
        Assert.Contains(typeof(Directory.ContactProfile), documents);
        Assert.Contains(typeof(Idempotency.IdempotentReply), documents);
        foreach (var type in documents)
            Assert.True(await ExistsAsync(options.FindOrResolveDocumentType(type).TableName.QualifiedName), $"no table for {type.Name}");
        Assert.True(await ExistsAsync($"{AttachmentsTable.Schema}.{AttachmentsTable.Name}"));
    }

    [Fact]
    public async Task An_attachments_table_created_by_hand_before_is_the_registered_one_and_keeps_its_rows()
    {
        // The statement start-up used to run (AttachmentStore.EnsureSchemaAsync).
        await ExecuteAsync("""
            create table if not exists attachments (
              id uuid primary key, tenant text not null, mime_type text not null, size_bytes bigint not null,
              sha256 text not null, file_name text, content bytea not null, created_at timestamptz not null default now())
            """);
        await ExecuteAsync("insert into attachments (id, tenant, mime_type, size_bytes, sha256, content) values (gen_random_uuid(), 'acme', 'image/png', 1, 'x', '\\x00')");

        await using var store = ReadModelStore.Create(_connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var delta = await AttachmentsTable.Create().FindDeltaAsync(connection);
        Assert.Equal(SchemaPatchDifference.None, delta.Difference);
        await using var count = new NpgsqlCommand("select count(*) from attachments", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    private async Task<bool> ExistsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select to_regclass(@t) is not null", connection);
        command.Parameters.AddWithValue("t", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }
}

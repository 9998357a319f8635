using System.Security.Cryptography;
using InteractionEngine.Host.Database;
using Npgsql;

namespace InteractionEngine.Host.Attachments;

/// <summary>Uploaded images, kept in PostgreSQL next to the conversations that reference them ("attachment:{id}").</summary>
public sealed class AttachmentStore(EngineDatabase database)
{
    public sealed record Stored(Guid Id, string Tenant, string MimeType, long SizeBytes, string Sha256, string? FileName);

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            create table if not exists attachments (
              id uuid primary key, tenant text not null, mime_type text not null, size_bytes bigint not null,
              sha256 text not null, file_name text, content bytea not null, created_at timestamptz not null default now())
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<Stored> SaveAsync(string tenant, string mimeType, string? fileName, byte[] content, CancellationToken ct)
    {
        var stored = new Stored(Guid.NewGuid(), tenant, mimeType, content.LongLength, Convert.ToHexStringLower(SHA256.HashData(content)), fileName);
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "insert into attachments (id, tenant, mime_type, size_bytes, sha256, file_name, content) values (@id, @tenant, @mime, @size, @sha, @name, @content)",
            connection);
        command.Parameters.AddWithValue("id", stored.Id);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("mime", mimeType);
        command.Parameters.AddWithValue("size", stored.SizeBytes);
        command.Parameters.AddWithValue("sha", stored.Sha256);
        command.Parameters.AddWithValue("name", (object?)fileName ?? DBNull.Value);
        command.Parameters.AddWithValue("content", content);
        await command.ExecuteNonQueryAsync(ct);
        return stored;
    }

    /// <summary>The content of a tenant's attachment, or null (also for another tenant's id).</summary>
    public async Task<(string MimeType, byte[] Content)?> LoadAsync(string tenant, Guid id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("select mime_type, content from attachments where id = @id and tenant = @tenant", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), (byte[])reader[1]) : null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}

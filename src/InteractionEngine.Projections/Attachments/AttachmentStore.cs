using System.Security.Cryptography;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Attachments;

/// <summary>
/// Uploaded images, kept in PostgreSQL next to the conversations that reference them ("attachment:{id}"), in the table
/// <see cref="AttachmentsTable"/> declares (created with the rest of the store's schema).
/// </summary>
public sealed class AttachmentStore(IDocumentStore store)
{
    public const string ReferencePrefix = "attachment:";

    public sealed record Stored(Guid Id, string Tenant, string MimeType, long SizeBytes, string Sha256, string? FileName);

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

    /// <summary>
    /// Saves under a given id (derived from what the content is, e.g. a message's attachment), once: a second save of
    /// the same id keeps the first. What is stored under the id is returned, so a repeated fetch after a crash finds it.
    /// </summary>
    public async Task<Stored> SaveOnceAsync(Guid id, string tenant, string mimeType, string? fileName, byte[] content, CancellationToken ct)
    {
        await using (var connection = await OpenAsync(ct))
        await using (var command = new NpgsqlCommand(
            "insert into attachments (id, tenant, mime_type, size_bytes, sha256, file_name, content) values (@id, @tenant, @mime, @size, @sha, @name, @content) on conflict (id) do nothing",
            connection))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("mime", mimeType);
            command.Parameters.AddWithValue("size", content.LongLength);
            command.Parameters.AddWithValue("sha", Convert.ToHexStringLower(SHA256.HashData(content)));
            command.Parameters.AddWithValue("name", (object?)fileName ?? DBNull.Value);
            command.Parameters.AddWithValue("content", content);
            await command.ExecuteNonQueryAsync(ct);
        }
        return await FindAsync(tenant, id, ct) ?? throw new InvalidOperationException($"attachment {id} belongs to another tenant");
    }

    /// <summary>What is stored under a tenant's id (without the content), or null.</summary>
    public async Task<Stored?> FindAsync(string tenant, Guid id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("select mime_type, size_bytes, sha256, file_name from attachments where id = @id and tenant = @tenant", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new Stored(id, tenant, reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    /// <summary>The content of a tenant's attachment with its file name, or null (also for another tenant's id).</summary>
    public async Task<(string MimeType, string? FileName, byte[] Content)?> LoadWithNameAsync(string tenant, Guid id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("select mime_type, file_name, content from attachments where id = @id and tenant = @tenant", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), (byte[])reader[2]) : null;
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

    /// <summary>
    /// The attachments with what the store knows of each upload ("attachment:{id}") in place of what a client claimed:
    /// media type, size, hash, and the file name when none is given; references to other places are kept as given.
    /// Null when one is not an upload of this tenant (<paramref name="unknown"/> names it).
    /// </summary>
    public async Task<(IReadOnlyList<Domain.Conversations.Attachment>? Attachments, string? Unknown)> WithStoredFactsAsync(
        string tenant, IReadOnlyList<Domain.Conversations.Attachment> attachments, CancellationToken ct)
    {
        var resolved = new List<Domain.Conversations.Attachment>(attachments.Count);
        foreach (var a in attachments)
        {
            if (!a.Reference.StartsWith(ReferencePrefix, StringComparison.Ordinal)) { resolved.Add(a); continue; }
            if (!Guid.TryParse(a.Reference.AsSpan(ReferencePrefix.Length), out var id) || await FindAsync(tenant, id, ct) is not { } stored)
                return (null, a.Reference);
            resolved.Add(a with { MimeType = stored.MimeType, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, FileName = a.FileName ?? stored.FileName });
        }
        return (resolved, null);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}

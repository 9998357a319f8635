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
    /// The first "attachment:{id}" reference among <paramref name="attachments"/> that is not an upload of this tenant,
    /// or null when all are (references to other places, such as a channel's media, are not checked here).
    /// </summary>
    public async Task<string?> FindUnknownAsync(string tenant, IReadOnlyList<Domain.Conversations.Attachment> attachments, CancellationToken ct)
    {
        var references = attachments.Select(a => a.Reference).Where(r => r.StartsWith(ReferencePrefix, StringComparison.Ordinal)).Distinct().ToList();
        if (references.Count == 0) return null;
        var ids = new Dictionary<Guid, string>();
        foreach (var reference in references)
        {
            if (!Guid.TryParse(reference.AsSpan(ReferencePrefix.Length), out var id)) return reference;
            ids[id] = reference;
        }
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("select id from attachments where id = any(@ids) and tenant = @tenant", connection);
        command.Parameters.AddWithValue("ids", ids.Keys.ToArray());
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Remove(reader.GetGuid(0));
        return ids.Values.FirstOrDefault();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}

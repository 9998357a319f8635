using Npgsql;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>Creates databases on a server reached through an administrative connection string.</summary>
internal static class PostgresDatabases
{
    private const string DuplicateDatabase = "42P04";
    private const string UniqueViolation = "23505"; // two CREATE DATABASE racing on pg_database's name index

    /// <summary>
    /// Creates <paramref name="database"/> unless it exists (safe to call concurrently) and returns
    /// <paramref name="adminConnectionString"/> pointed at it.
    /// </summary>
    public static async Task<string> EnsureAsync(string adminConnectionString, string database, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);

        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);

            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
                try
                {
                    await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.SqlState is DuplicateDatabase or UniqueViolation)
                {
                    // Created concurrently by someone else: fine.
                }
            }
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;
    }

    public static string QuoteIdentifier(string identifier) =>
        "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

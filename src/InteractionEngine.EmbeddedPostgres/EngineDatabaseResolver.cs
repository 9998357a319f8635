using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// The engine's database as configured: <c>ConnectionStrings:Postgres</c>, or the embedded cluster under
/// <c>&lt;repo&gt;/.data/postgres</c> (<c>Database:DataDirectory</c> overrides). <paramref name="Embedded"/> is the
/// embedded server when one is used; <paramref name="WasRunning"/> tells whether it was already running (another
/// process, e.g. the engine, owns it), so a short-lived tool knows not to stop it.
/// </summary>
public sealed record ResolvedDatabase(string ConnectionString, EmbeddedPostgresServer? Embedded, bool WasRunning);

/// <summary>Resolves the database the same way for the engine and the CLI.</summary>
public static class EngineDatabaseResolver
{
    public const string ConnectionStringName = "Postgres";
    public const string DatabaseName = "interaction_engine";
    public const string DataDirectoryKey = "Database:DataDirectory";

    /// <summary>The embedded cluster's data folder for this configuration.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        configuration[DataDirectoryKey] is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(RepositoryRoot.Find(), ".data", "postgres");

    /// <summary>
    /// A configured connection string wins; without one, the embedded cluster is started (or the server already
    /// running on its folder is reused) and the engine's database is created on it if missing.
    /// </summary>
    public static async Task<ResolvedDatabase> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            logger.LogInformation("Using the configured PostgreSQL server {Host}", new NpgsqlConnectionStringBuilder(configured).Host);
            return new ResolvedDatabase(configured, null, WasRunning: true);
        }

        var dataDirectory = DataDirectory(configuration);
        var wasRunning = PostmasterPidFile.TryRead(dataDirectory)?.IsProcessAlive() ?? false;
        var server = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory }, logger, ct)
            .ConfigureAwait(false);
        var connectionString = await server.EnsureDatabaseAsync(DatabaseName, ct).ConfigureAwait(false);
        return new ResolvedDatabase(connectionString, server, wasRunning);
    }
}

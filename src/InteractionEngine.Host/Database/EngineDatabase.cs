using InteractionEngine.EmbeddedPostgres;

namespace InteractionEngine.Host.Database;

/// <summary>The PostgreSQL the engine uses: a configured server, or the embedded one it started itself.</summary>
public sealed record EngineDatabase(string ConnectionString, EmbeddedPostgresServer? Embedded)
{
    public const string ConnectionStringName = "Postgres";
    public const string DatabaseName = "interaction_engine";

    /// <summary>
    /// ConnectionStrings:Postgres (config or the ConnectionStrings__Postgres environment variable) wins;
    /// without it the engine starts a project-local cluster under .data/ from the machine's binaries.
    /// </summary>
    public static async Task<EngineDatabase> ResolveAsync(IConfiguration configuration, Microsoft.Extensions.Logging.ILogger logger, CancellationToken ct = default)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            logger.LogInformation("Using the configured PostgreSQL server {Host}", new Npgsql.NpgsqlConnectionStringBuilder(configured).Host);
            return new EngineDatabase(configured, null);
        }

        var dataDirectory = configuration["Database:DataDirectory"] is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(RepositoryRoot.Find(), ".data", "postgres");
        var server = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory }, logger, ct);
        var connectionString = await server.EnsureDatabaseAsync(DatabaseName, ct);
        return new EngineDatabase(connectionString, server);
    }
}

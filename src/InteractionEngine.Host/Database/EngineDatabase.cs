using InteractionEngine.EmbeddedPostgres;

namespace InteractionEngine.Host.Database;

/// <summary>The PostgreSQL the engine uses: a configured server, or the embedded one it started itself.</summary>
public sealed record EngineDatabase(string ConnectionString, EmbeddedPostgresServer? Embedded)
{
    public const string ConnectionStringName = EngineDatabaseResolver.ConnectionStringName;
    public const string DatabaseName = EngineDatabaseResolver.DatabaseName;

    /// <summary>
    /// ConnectionStrings:Postgres (config or the ConnectionStrings__Postgres environment variable) wins;
    /// without it the engine starts a project-local cluster under .data/ from the machine's binaries
    /// (the same resolution the CLI uses: <see cref="EngineDatabaseResolver"/>).
    /// </summary>
    public static async Task<EngineDatabase> ResolveAsync(IConfiguration configuration, Microsoft.Extensions.Logging.ILogger logger, CancellationToken ct = default)
    {
        var resolved = await EngineDatabaseResolver.ResolveAsync(configuration, logger, ct);
        return new EngineDatabase(resolved.ConnectionString, resolved.Embedded);
    }
}

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>Where and how to run a project-local PostgreSQL cluster.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>The cluster's data folder (e.g. <c>&lt;repo&gt;/.data/postgres</c>); created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// True for test servers: the data folder is deleted on <see cref="EmbeddedPostgresServer.DisposeAsync"/>,
    /// and durability settings (fsync, full_page_writes) are turned off for speed.
    /// </summary>
    public bool Throwaway { get; init; }

    /// <summary>
    /// A fixed port on 127.0.0.1, so a restarted server keeps the address its clients hold (a test stopping and
    /// starting the database under a running engine); null picks a free port at each start.
    /// </summary>
    public int? Port { get; init; }

    /// <summary>The server's <c>max_connections</c>.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>
    /// Folder holding initdb, pg_ctl and postgres. When set, only this folder is used (no fallback);
    /// otherwise the IE_PG_BIN environment variable, then PATH, then the usual install folders are searched.
    /// </summary>
    public string? BinDirectory { get; init; }
}

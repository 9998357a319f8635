namespace InteractionEngine.EmbeddedPostgres;

/// <summary>No usable PostgreSQL (15 or newer) server binaries were found on this machine.</summary>
public sealed class PostgresBinariesNotFoundException : Exception
{
    public const string InstallHint =
        "Install the PostgreSQL server (15 or newer): Debian/Ubuntu 'apt-get install postgresql', " +
        "Fedora/RHEL 'dnf install postgresql-server', macOS 'brew install postgresql@16'. " +
        "If it is installed somewhere unusual, set the IE_PG_BIN environment variable to the folder holding " +
        "initdb, pg_ctl and postgres. Alternatively configure ConnectionStrings:Postgres to use an existing server.";

    public PostgresBinariesNotFoundException(string message)
        : base(message + " " + InstallHint)
    {
    }

    public PostgresBinariesNotFoundException(string message, Exception innerException)
        : base(message + " " + InstallHint, innerException)
    {
    }
}

using System.Globalization;
using System.Text;
using InteractionEngine.EmbeddedPostgres;
using Npgsql;

namespace InteractionEngine.Testing;

/// <summary>
/// PostgreSQL for tests: one throwaway embedded server per test process (started on first use, stopped and
/// deleted at process exit), or the server named by the IE_TEST_POSTGRES connection string. Each caller gets a
/// fresh database on it.
/// </summary>
public static class TestPostgres
{
    /// <summary>Environment variable: a connection string to an existing server to use instead of launching one.</summary>
    public const string ServerVariable = "IE_TEST_POSTGRES";

    private const string FolderPrefix = "ie-test-pg-";
    private const int MaxIdentifierLength = 63;
    private static readonly TimeSpan StaleRunningAge = TimeSpan.FromHours(6);
    private static readonly TimeSpan StaleDeadGrace = TimeSpan.FromMinutes(2);

    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static string? _adminConnectionString;
    private static EmbeddedPostgresServer? _server;

    /// <summary>The embedded server, once started (null when IE_TEST_POSTGRES is used or before first use).</summary>
    public static EmbeddedPostgresServer? Server => _server;

    /// <summary>
    /// Creates a new, uniquely named database <c>&lt;prefix&gt;_&lt;8 hex&gt;</c> and returns its connection string.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, CancellationToken ct = default)
    {
        var admin = await GetAdminConnectionStringAsync(ct).ConfigureAwait(false);
        var name = DatabaseName(prefix);
        return await PostgresDatabases.EnsureAsync(admin, name, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A server of its own for a test that stops and restarts PostgreSQL under a running engine (the shared one serves
    /// every other test): throwaway, on a fixed port so a restart keeps the address. The caller disposes it.
    /// </summary>
    public static Task<EmbeddedPostgresServer> StartDedicatedAsync(int port, CancellationToken ct = default) =>
        EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions
            {
                DataDirectory = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")),
                Throwaway = true,
                Port = port,
            },
            logger: null,
            ct);

    /// <summary>Drops the database a connection string points at, closing its connections (best effort).</summary>
    public static async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(database) || _adminConnectionString is not { } admin)
        {
            return;
        }

        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var adminBuilder = new NpgsqlConnectionStringBuilder(admin) { Pooling = false };
        await using var connection = new NpgsqlConnection(adminBuilder.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var drop = new NpgsqlCommand(
            $"DROP DATABASE IF EXISTS {PostgresDatabases.QuoteIdentifier(database)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A valid, lowercase PostgreSQL identifier: the sanitized prefix, '_' and 8 random hex digits.</summary>
    internal static string DatabaseName(string prefix)
    {
        var builder = new StringBuilder();
        foreach (var c in (prefix ?? string.Empty).ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (builder.Length == 0 || !(char.IsAsciiLetterLower(builder[0]) || builder[0] == '_'))
        {
            builder.Insert(0, "db_");
        }

        const int suffixLength = 9; // "_" + 8 hex digits
        if (builder.Length > MaxIdentifierLength - suffixLength)
        {
            builder.Length = MaxIdentifierLength - suffixLength;
        }

        builder.Append('_').Append(Guid.NewGuid().ToString("N")[..8]);
        return builder.ToString();
    }

    private static async Task<string> GetAdminConnectionStringAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _adminConnectionString) is { } ready)
        {
            return ready;
        }

        await StartGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_adminConnectionString is { } raced)
            {
                return raced;
            }

            var external = Environment.GetEnvironmentVariable(ServerVariable);
            if (!string.IsNullOrWhiteSpace(external))
            {
                Volatile.Write(ref _adminConnectionString, external);
                return external;
            }

            CleanUpStaleFolders();
            var server = await EmbeddedPostgresServer.StartAsync(
                new EmbeddedPostgresOptions
                {
                    DataDirectory = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")),
                    Throwaway = true,
                    // Every test class gets its own database and thus its own Npgsql pool.
                    MaxConnections = 400,
                },
                logger: null,
                ct).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAtExit(server);
            _server = server;
            Volatile.Write(ref _adminConnectionString, server.ConnectionString());
            return _adminConnectionString!;
        }
        finally
        {
            StartGate.Release();
        }
    }

    private static void StopAtExit(EmbeddedPostgresServer server)
    {
        try
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Could not stop the test PostgreSQL server in {server.DataDirectory}: {ex.Message}");
        }
    }

    /// <summary>
    /// Removes folders left by earlier, killed test runs: those whose postmaster is gone (after a short grace,
    /// in case another run is just initializing one) and those older than six hours (stopped first).
    /// </summary>
    private static void CleanUpStaleFolders()
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            try
            {
                var age = DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder);
                var alive = PostmasterPidFile.TryRead(folder)?.IsProcessAlive() ?? false;
                if (alive && age > StaleRunningAge)
                {
                    EmbeddedPostgresServer.StopClusterAsync(folder, null, CancellationToken.None).GetAwaiter().GetResult();
                    alive = false;
                }

                if (!alive && age > StaleDeadGrace)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(string.Format(
                    CultureInfo.InvariantCulture, "Could not clean up the stale test PostgreSQL folder {0}: {1}", folder, ex.Message));
            }
        }
    }
}

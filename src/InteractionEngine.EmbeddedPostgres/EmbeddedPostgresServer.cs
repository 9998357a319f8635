using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// A PostgreSQL cluster in a project-local data folder, run from the machine's PostgreSQL binaries and listening
/// on 127.0.0.1 at a port chosen at each start. A server left running by an earlier process is reused.
/// </summary>
public sealed class EmbeddedPostgresServer : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan ConnectBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReuseConnectBudget = TimeSpan.FromSeconds(10);

    private readonly EmbeddedPostgresOptions _options;
    private readonly ClusterControl _control;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _stopLock = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _handedOut = new(StringComparer.Ordinal);
    private bool _stopped;
    private bool _disposed;

    private EmbeddedPostgresServer(
        EmbeddedPostgresOptions options, ClusterControl control, Version version, int port, ILogger logger)
    {
        _options = options;
        _control = control;
        _logger = logger;
        Version = version;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The cluster's data folder (full path).</summary>
    public string DataDirectory => _control.DataDirectory;

    /// <summary>The PostgreSQL version of the binaries used.</summary>
    public Version Version { get; }

    /// <summary>
    /// Starts (initializing it first if needed) the cluster in <see cref="EmbeddedPostgresOptions.DataDirectory"/>,
    /// or reuses the server already running on it, and returns once it accepts connections.
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">No PostgreSQL 15+ binaries were found.</exception>
    /// <exception cref="InvalidOperationException">The cluster could not be created, reached or started.</exception>
    public static async Task<EmbeddedPostgresServer> StartAsync(
        EmbeddedPostgresOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        logger ??= NullLogger.Instance;

        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        var binaries = await PostgresBinaries.DiscoverAsync(options.BinDirectory, logger, ct).ConfigureAwait(false);
        var user = await ServerUser.ResolveAsync(ct).ConfigureAwait(false);
        if (user.SwitchesUser)
        {
            logger.LogDebug("Running as root: PostgreSQL runs as user {ServerUser}", user.Name);
        }

        var createdHere = !Directory.Exists(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var control = new ClusterControl(binaries, user, dataDirectory, logger);
        try
        {
            await user.EnsureCanReachAsync(dataDirectory, ct).ConfigureAwait(false);
            var port = await StartOrReuseAsync(control, options, logger, ct).ConfigureAwait(false);
            if (options.Throwaway)
            {
                await ThrowawayWatchdog.StartAsync(control, logger, ct).ConfigureAwait(false);
            }

            var server = new EmbeddedPostgresServer(options, control, binaries.Version, port, logger);
            logger.LogInformation(
                "Embedded PostgreSQL {Version} listening on 127.0.0.1:{Port} (data {DataDirectory})",
                binaries.Version, port, dataDirectory);
            return server;
        }
        catch when (options.Throwaway || createdHere)
        {
            // Leave nothing half-made behind: a failed throwaway or brand-new cluster is useless.
            await BestEffortStopAsync(control, logger).ConfigureAwait(false);
            DeleteDirectory(dataDirectory, logger);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this server (superuser, pooled).</summary>
    public string ConnectionString(string database = "postgres")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = ClusterControl.SuperUser,
            Database = database,
            Pooling = true,
            Timeout = 15,
        }.ConnectionString;
        _handedOut.TryAdd(connectionString, 0);
        return connectionString;
    }

    /// <summary>Creates <paramref name="database"/> if it does not exist yet; returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await PostgresDatabases.EnsureAsync(ConnectionString(), database, ct).ConfigureAwait(false);
        return ConnectionString(database);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>). Calling it again does nothing.</summary>
    public async Task StopAsync()
    {
        await _stopLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            ClearPools();
            if (Directory.Exists(DataDirectory))
            {
                await _control.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _stopped = true;
            _logger.LogInformation(
                "Embedded PostgreSQL on 127.0.0.1:{Port} stopped (data {DataDirectory})", Port, DataDirectory);
        }
        finally
        {
            _stopLock.Release();
        }
    }

    /// <summary>
    /// Starts a server stopped by <see cref="StopAsync"/> again on the same folder and port (so its clients reconnect
    /// to the address they hold); needs <see cref="EmbeddedPostgresOptions.Port"/>.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.Port is null) throw new InvalidOperationException("A restart keeps the address only with a fixed EmbeddedPostgresOptions.Port");
        await _stopLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_stopped) return;
            await StartOrReuseAsync(_control, _options, _logger, ct).ConfigureAwait(false);
            _stopped = false;
            _logger.LogInformation("Embedded PostgreSQL on 127.0.0.1:{Port} started again (data {DataDirectory})", Port, DataDirectory);
        }
        finally
        {
            _stopLock.Release();
        }
    }

    /// <summary>Stops the server and, for a throwaway server, deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            if (_options.Throwaway)
            {
                DeleteDirectory(DataDirectory, _logger);
            }
        }
    }

    /// <summary>Stops whatever server runs on <paramref name="dataDirectory"/> (used to clean up after killed test runs).</summary>
    internal static async Task StopClusterAsync(string dataDirectory, ILogger? logger, CancellationToken ct)
    {
        logger ??= NullLogger.Instance;
        var binaries = await PostgresBinaries.DiscoverAsync(null, logger, ct).ConfigureAwait(false);
        var user = await ServerUser.ResolveAsync(ct).ConfigureAwait(false);
        await new ClusterControl(binaries, user, dataDirectory, logger).StopAsync(ct).ConfigureAwait(false);
    }

    internal static void DeleteDirectory(string directory, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not delete the PostgreSQL data folder {DataDirectory}", directory);
                return;
            }
        }
    }

    private static async Task<int> StartOrReuseAsync(
        ClusterControl control, EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        if (await control.IsRunningAsync(ct).ConfigureAwait(false))
        {
            var reused = await TryReuseAsync(control, logger, ct).ConfigureAwait(false);
            if (reused is { } reusedPort)
            {
                return reusedPort;
            }
        }

        if (!control.IsInitialized)
        {
            await control.InitializeAsync(options.Throwaway, ct).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreePort.OnLoopback();
            ClusterConfiguration.Write(control.DataDirectory, port, options);
            control.RestrictDataDirectoryMode();
            await control.TakeOwnershipAsync(ct).ConfigureAwait(false);

            var (result, newLog) = await control.StartAsync(ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                await WaitUntilAcceptingAsync(port, ConnectBudget, ct).ConfigureAwait(false);
                return port;
            }

            // Someone else started it meanwhile (two processes racing on one folder): use theirs.
            if (await control.IsRunningAsync(ct).ConfigureAwait(false)
                && await TryReuseAsync(control, logger, ct).ConfigureAwait(false) is { } racedPort)
            {
                return racedPort;
            }

            var portTaken = newLog.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                            || newLog.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            if (portTaken && options.Port is null && attempt < StartAttempts)
            {
                logger.LogWarning("Port {Port} was taken before PostgreSQL could bind it; retrying with another", port);
                continue;
            }

            throw new InvalidOperationException(
                $"PostgreSQL did not start in '{control.DataDirectory}' ('{result.CommandLine}' exited with " +
                $"{result.ExitCode}): {result.Output}{Environment.NewLine}Server log ({control.LogFile}):" +
                $"{Environment.NewLine}{(newLog.Length > 0 ? newLog : control.LogTail())}");
        }
    }

    /// <summary>Adopts a server left running on this folder; null (after stopping it) when it does not answer.</summary>
    private static async Task<int?> TryReuseAsync(ClusterControl control, ILogger logger, CancellationToken ct)
    {
        var pidFile = PostmasterPidFile.TryRead(control.DataDirectory);
        if (pidFile?.Port is { } port)
        {
            try
            {
                await WaitUntilAcceptingAsync(port, ReuseConnectBudget, ct).ConfigureAwait(false);
                logger.LogInformation(
                    "Reusing the PostgreSQL server already running on 127.0.0.1:{Port} (pid {ProcessId}, data {DataDirectory})",
                    port, pidFile.ProcessId, control.DataDirectory);
                return port;
            }
            catch (InvalidOperationException ex)
            {
                logger.LogWarning(ex, "The PostgreSQL server already running on {DataDirectory} does not answer; restarting it",
                    control.DataDirectory);
            }
        }

        await control.StopAsync(ct).ConfigureAwait(false);
        return null;
    }

    private static async Task WaitUntilAcceptingAsync(int port, TimeSpan budget, CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = ClusterControl.SuperUser,
            Database = "postgres",
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;

        var deadline = DateTime.UtcNow + budget;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL on 127.0.0.1:{port} did not accept connections within {budget.TotalSeconds:0} s: {ex.Message}",
                        ex);
                }

                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task BestEffortStopAsync(ClusterControl control, ILogger logger)
    {
        try
        {
            await control.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            logger.LogWarning(ex, "Could not stop PostgreSQL in {DataDirectory} after a failed start", control.DataDirectory);
        }
    }

    private void ClearPools()
    {
        foreach (var connectionString in _handedOut.Keys)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}

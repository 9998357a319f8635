using InteractionEngine.EmbeddedPostgres;
using Npgsql;

namespace InteractionEngine.LoadGen;

/// <summary>
/// The PostgreSQL every phase runs on: an embedded cluster in a throwaway folder under /tmp (started from the
/// machine's binaries, deleted at exit even if this process is killed), or the server of --connection.
/// Each phase gets a fresh database on it, so no phase inherits another's journal.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private const string Prefix = "ie_bench_";
    private readonly EmbeddedPostgresServer? _server;
    private readonly List<string> _created = [];

    private BenchDatabase(string admin, EmbeddedPostgresServer? server)
    {
        AdminConnectionString = admin;
        _server = server;
    }

    public string AdminConnectionString { get; }
    public bool Embedded => _server is not null;

    /// <summary>The postmaster's process id when the server runs on this machine (for CPU accounting), else null.</summary>
    public int? PostmasterPid { get; private set; }

    public static async Task<BenchDatabase> StartAsync(BenchSettings settings, TextWriter log, CancellationToken ct = default)
    {
        BenchDatabase db;
        if (settings.Connection is { Length: > 0 } given)
        {
            db = new BenchDatabase(given, null);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "ie-bench-pg-" + Guid.NewGuid().ToString("N")[..12]);
            // Throwaway: the folder is deleted at exit and a watchdog stops the server if this process is killed.
            // Throwaway also turns fsync, synchronous_commit and full_page_writes off; they are turned back on below,
            // because durability is part of every target.
            var server = await EmbeddedPostgresServer.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = folder, Throwaway = true, MaxConnections = 300 }, null, ct);
            db = new BenchDatabase(server.ConnectionString(), server);
            await db.ExecuteAsync(
                "ALTER SYSTEM SET fsync = on; ALTER SYSTEM SET synchronous_commit = on; ALTER SYSTEM SET full_page_writes = on;", ct);
            await db.ExecuteAsync("SELECT pg_reload_conf()", ct);
            log.WriteLine($"Embedded PostgreSQL {server.Version} on 127.0.0.1:{server.Port} in {folder}");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var s = await db.SettingsAsync(ct);
            if (s["fsync"] == "on" && s["synchronous_commit"] == "on") break;
            if (DateTime.UtcNow > deadline)
            {
                if (db.Embedded) throw new InvalidOperationException($"fsync/synchronous_commit did not turn on: {string.Join(", ", s)}");
                log.WriteLine($"WARNING: the given server runs with fsync={s["fsync"]}, synchronous_commit={s["synchronous_commit"]}: the targets assume both on.");
                break;
            }
            await Task.Delay(100, ct);
        }
        db.PostmasterPid = await db.FindPostmasterAsync(ct);
        return db;
    }

    /// <summary>The server settings that decide what the numbers mean.</summary>
    public async Task<Dictionary<string, string>> SettingsAsync(CancellationToken ct = default)
    {
        var names = new[] { "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections" };
        await using var connection = await OpenAsync(AdminConnectionString, ct);
        var result = new Dictionary<string, string>();
        foreach (var name in names)
        {
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            result[name] = (string)(await show.ExecuteScalarAsync(ct))!;
        }
        return result;
    }

    /// <summary>Drops (if left over) and creates <c>ie_bench_{name}</c>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        var database = Prefix + name;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", ct);
        await ExecuteAsync($"CREATE DATABASE \"{database}\"", ct);
        _created.Add(database);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = database,
            Pooling = true,
            MaxPoolSize = 100,
            Timeout = 15,
        }.ConnectionString;
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct = default)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public static async Task<long> ScalarLongAsync(string connectionString, string sql, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(connectionString, ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L);
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = await OpenAsync(admin, ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A backend's parent is the postmaster; only meaningful when the server runs on this machine.</summary>
    private async Task<int?> FindPostmasterAsync(CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = await OpenAsync(admin, ct);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(ct))!;
        return ProcStat.Read(backend) is { } stat && ProcStat.Read(stat.ParentPid) is { Command: "postgres" or "postmaster" } ? stat.ParentPid : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            return;
        }
        foreach (var database in _created)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // Best effort on a server we do not own.
            }
        }
    }
}

using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace InteractionEngine.EmbeddedPostgres.Tests;

public sealed class EmbeddedPostgresServerTests(ITestOutputHelper output)
{
    private readonly ILogger _logger = new TestOutputLogger(output);

    [Fact]
    public async Task Throwaway_server_answers_queries_and_is_deleted_on_dispose()
    {
        using var temp = new TempFolder();
        var dataDirectory = temp.Sub("pg");
        string? version;
        await using (var server = await EmbeddedPostgresServer.StartAsync(
                         new EmbeddedPostgresOptions { DataDirectory = dataDirectory, Throwaway = true }, _logger))
        {
            Assert.InRange(server.Port, 1, 65535);
            Assert.Contains("Port=" + server.Port, server.ConnectionString(), StringComparison.Ordinal);
            version = (string?)await Sql.ScalarAsync(server.ConnectionString(), "select version()");
            Assert.StartsWith("PostgreSQL ", version, StringComparison.Ordinal);
            Assert.True(server.Version.Major >= 15);

            var maxConnections = await Sql.ScalarAsync(server.ConnectionString(), "show max_connections");
            Assert.Equal("200", maxConnections);
            var listen = await Sql.ScalarAsync(server.ConnectionString(), "show listen_addresses");
            Assert.Equal("127.0.0.1", listen);
        }

        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Data_survives_stop_and_start_of_a_kept_cluster()
    {
        using var temp = new TempFolder();
        var options = new EmbeddedPostgresOptions { DataDirectory = temp.Sub("pg"), MaxConnections = 50 };

        var first = await EmbeddedPostgresServer.StartAsync(options, _logger);
        Assert.Equal("on", await Sql.ScalarAsync(first.ConnectionString(), "show fsync"));
        Assert.Equal("on", await Sql.ScalarAsync(first.ConnectionString(), "show synchronous_commit"));
        await Sql.ExecuteAsync(first.ConnectionString(), "create table kept (v text); insert into kept values ('hello')");
        await first.DisposeAsync(); // not throwaway: stops, keeps the folder
        await first.StopAsync();    // idempotent
        Assert.True(File.Exists(Path.Combine(options.DataDirectory, "PG_VERSION")));
        Assert.False(File.Exists(Path.Combine(options.DataDirectory, "postmaster.pid")));

        await using var second = await EmbeddedPostgresServer.StartAsync(options, _logger);
        Assert.Equal("hello", await Sql.ScalarAsync(second.ConnectionString(), "select v from kept"));
        Assert.Equal("50", await Sql.ScalarAsync(second.ConnectionString(), "show max_connections"));
        await second.StopAsync();
    }

    [Fact]
    public async Task A_server_left_running_is_reused()
    {
        using var temp = new TempFolder();
        var options = new EmbeddedPostgresOptions { DataDirectory = temp.Sub("pg") };

        // The first owner "dies" without stopping its server.
        var abandoned = await EmbeddedPostgresServer.StartAsync(options, _logger);
        var pidBefore = File.ReadLines(Path.Combine(options.DataDirectory, "postmaster.pid")).First();

        await using var reused = await EmbeddedPostgresServer.StartAsync(options with { Throwaway = true }, _logger);
        Assert.Equal(abandoned.Port, reused.Port);
        Assert.Equal(pidBefore, File.ReadLines(Path.Combine(options.DataDirectory, "postmaster.pid")).First());
        Assert.Equal(1, await Sql.ScalarAsync(reused.ConnectionString(), "select 1"));

        await reused.StopAsync();
        Assert.False(File.Exists(Path.Combine(options.DataDirectory, "postmaster.pid")));
        await abandoned.StopAsync(); // nothing left to stop: must not throw
    }

    [Fact]
    public async Task EnsureDatabaseAsync_is_idempotent()
    {
        using var temp = new TempFolder();
        await using var server = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = temp.Sub("pg"), Throwaway = true }, _logger);

        var results = await Task.WhenAll(
            server.EnsureDatabaseAsync("Orders-DB"),
            server.EnsureDatabaseAsync("Orders-DB"));
        var again = await server.EnsureDatabaseAsync("Orders-DB");

        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], again);
        Assert.Equal("Orders-DB", await Sql.ScalarAsync(again, "select current_database()"));
        Assert.Equal(1L, await Sql.ScalarAsync(
            server.ConnectionString(), "select count(*) from pg_database where datname = 'Orders-DB'"));
    }

    [Fact]
    public async Task Root_needs_a_data_folder_the_server_user_can_reach()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root")
        {
            return; // Only meaningful when PostgreSQL has to run as another user.
        }

        using var temp = new TempFolder();
        var blocker = temp.Sub("private");
        Directory.CreateDirectory(blocker);
        File.SetUnixFileMode(blocker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(blocker, "nested", "pg") }, _logger));

        Assert.Contains($"'{blocker}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Database__DataDirectory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Postgres", ex.Message, StringComparison.Ordinal);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(blocker)); // parents are never chmod-ed
    }
}

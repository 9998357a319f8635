using InteractionEngine.Cli;
using InteractionEngine.EmbeddedPostgres;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace InteractionEngine.Cli.Tests;

/// <summary>Without a connection string the CLI uses the engine's embedded cluster: it reuses a running server, or starts and stops its own.</summary>
public sealed class EmbeddedDatabaseTests
{
    [Fact]
    public async Task The_cli_reuses_the_engines_running_server_and_stops_only_a_server_it_started()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"ie-cli-pg-{Guid.NewGuid():N}");
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        await using var engine = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory, Throwaway = true });

        var reused = await RunAsync(dataDirectory, "transcript", "acme", "ana");
        Assert.Contains("no read model in schema 'read_model'", reused.Stderr); // it reached the database (which the engine never used)
        Assert.True(File.Exists(pidFile), "the engine's server must keep running");

        await engine.StopAsync();
        Assert.False(File.Exists(pidFile));
        var started = await RunAsync(dataDirectory, "transcript", "acme", "ana");
        Assert.Contains("no read model in schema 'read_model'", started.Stderr);
        Assert.False(File.Exists(pidFile), "a server the CLI started is stopped at exit");
    }

    private static async Task<(int Code, string Stderr)> RunAsync(string dataDirectory, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "",
            [EngineDatabaseResolver.DataDirectoryKey] = dataDirectory,
        }).Build();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new TestConsole(), new StringWriter(), stderr, configuration);
        return (code, stderr.ToString());
    }
}

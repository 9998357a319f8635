using InteractionEngine.Cli;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace InteractionEngine.Cli.Tests;

public sealed record IeResult(int ExitCode, string Stdout, string Console, string Stderr);

/// <summary>Runs `ie` in-process through the Spectre CommandApp, with a test console and captured stdout/stderr.</summary>
public static class Ie
{
    public static async Task<IeResult> RunAsync(string? connectionString, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 300;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString }).Build();
        var code = await CliApp.RunAsync(args, console, stdout, stderr, configuration);
        return new IeResult(code, stdout.ToString(), console.Output, stderr.ToString());
    }
}

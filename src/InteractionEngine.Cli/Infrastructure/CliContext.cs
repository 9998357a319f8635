using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace InteractionEngine.Cli.Infrastructure;

/// <summary>
/// What every command needs from its surroundings: the console for tables and progress, raw stdout for
/// --json and exports (never wrapped or coloured), stderr for the one-line errors, and the configuration.
/// </summary>
public sealed class CliContext(IAnsiConsole console, TextWriter output, TextWriter error, IConfiguration configuration, IAnsiConsole? progress = null)
{
    /// <summary>Tables and readable results (stdout).</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Progress bars and spinners: stderr, so they never mix with results piped from stdout.</summary>
    public IAnsiConsole Progress { get; } = progress ?? console;

    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>The engine's configuration: config/appsettings.json next to the binary, then the environment.</summary>
    public static IConfiguration LoadConfiguration() =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
}

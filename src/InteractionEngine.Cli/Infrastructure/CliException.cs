namespace InteractionEngine.Cli.Infrastructure;

/// <summary>An error the user can act on: printed as one line on stderr, with <see cref="ExitCode"/>.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>verify found projections that differ from a rebuild.</summary>
    public const int Drift = 1;

    /// <summary>Anything that went wrong: bad arguments, unknown tenant, no database.</summary>
    public const int Error = 2;
}

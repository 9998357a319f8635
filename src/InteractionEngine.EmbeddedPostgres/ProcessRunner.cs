using System.Diagnostics;
using System.Text;

namespace InteractionEngine.EmbeddedPostgres;

internal sealed record ProcessResult(string CommandLine, int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Stderr if there is any, else stdout, trimmed.</summary>
    public string Output => (string.IsNullOrWhiteSpace(StdErr) ? StdOut : StdErr).Trim();
}

/// <summary>Runs an external program with a hard timeout, capturing its output.</summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan StreamDrainGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="fileName"/> and returns its exit code and output. The process (and its children) is
    /// killed and a <see cref="TimeoutException"/> thrown when it outlives <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            // Every user can enter "/", which matters when the command runs as another (server) user.
            WorkingDirectory = OperatingSystem.IsWindows() ? Environment.CurrentDirectory : "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = Describe(fileName, arguments);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new InvalidOperationException($"Could not start '{commandLine}': {ex.Message}", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            var partialErr = await Drain(stderr).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s and was killed. {partialErr}".Trim());
        }

        // A daemon started by the command might keep the pipes open: do not wait for end-of-stream forever.
        return new ProcessResult(
            commandLine,
            process.ExitCode,
            await Drain(stdout).ConfigureAwait(false),
            await Drain(stderr).ConfigureAwait(false));
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit code throws with the captured output.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct = default)
    {
        var result = await RunAsync(fileName, arguments, timeout, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"'{result.CommandLine}' failed with exit code {result.ExitCode}: {result.Output}");
        }

        return result;
    }

    private static async Task<string> Drain(Task<string> stream)
    {
        var finished = await Task.WhenAny(stream, Task.Delay(StreamDrainGrace)).ConfigureAwait(false);
        return finished == stream ? await stream.ConfigureAwait(false) : string.Empty;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Could not kill (e.g. exited meanwhile); nothing more to do.
        }
    }

    private static string Describe(string fileName, IReadOnlyList<string> arguments)
    {
        var builder = new StringBuilder(fileName);
        foreach (var argument in arguments)
        {
            builder.Append(' ');
            builder.Append(argument.Contains(' ', StringComparison.Ordinal) || argument.Length == 0
                ? $"\"{argument}\""
                : argument);
        }

        return builder.ToString();
    }
}

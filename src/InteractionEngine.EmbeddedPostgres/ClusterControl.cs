using System.Globalization;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>initdb and pg_ctl for one data folder, run as the server user, each with a timeout.</summary>
internal sealed class ClusterControl(PostgresBinaries binaries, ServerUser user, string dataDirectory, ILogger logger)
{
    public const string SuperUser = "postgres";
    public const string LogFileName = "postgres.log";

    private const int PgCtlWaitSeconds = 60;
    private const long MaxLogBytes = 10 * 1024 * 1024;
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(PgCtlWaitSeconds + 30);
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(15);

    public string DataDirectory => dataDirectory;

    public string LogFile => Path.Combine(dataDirectory, LogFileName);

    public bool IsInitialized => File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));

    public bool HasPidFile => File.Exists(Path.Combine(dataDirectory, PostmasterPidFile.FileName));

    /// <summary>Creates the cluster with initdb (UTF-8; C.UTF-8 locale, falling back to C).</summary>
    public async Task InitializeAsync(bool throwaway, CancellationToken ct)
    {
        if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new InvalidOperationException(
                $"The PostgreSQL data folder '{dataDirectory}' is not empty but holds no cluster (no PG_VERSION file). " +
                "Empty it, or point the data folder elsewhere.");
        }

        await user.TakeOwnershipAsync(dataDirectory, ct).ConfigureAwait(false);

        var failures = new List<string>();
        foreach (var locale in new[] { "C.UTF-8", "C" })
        {
            List<string> args =
            [
                "-D", dataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", $"--locale={locale}",
                "--no-instructions",
            ];
            if (throwaway)
            {
                args.Add("--no-sync");
            }

            var result = await user.RunAsync(binaries.InitDb, args, InitDbTimeout, ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                logger.LogInformation(
                    "Initialized a PostgreSQL {Version} cluster in {DataDirectory} (locale {Locale})",
                    binaries.Version, dataDirectory, locale);
                return;
            }

            failures.Add($"with --locale={locale}: exit code {result.ExitCode}: {result.Output}");
            logger.LogWarning("initdb with locale {Locale} failed: {Error}", locale, result.Output);
            ClearDirectory(); // initdb normally cleans up after itself; make sure before the next try.
        }

        throw new InvalidOperationException(
            $"initdb could not create a cluster in '{dataDirectory}' ({binaries.InitDb}): " +
            string.Join(" | ", failures));
    }

    /// <summary><c>pg_ctl status</c>: true when a postmaster is running on this data folder.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        if (!HasPidFile)
        {
            return false;
        }

        var result = await user.RunAsync(binaries.PgCtl, ["status", "-D", dataDirectory], StatusTimeout, ct)
            .ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    /// <summary><c>pg_ctl start -w</c>; returns the result and whatever the server logged meanwhile.</summary>
    public async Task<(ProcessResult Result, string NewLog)> StartAsync(CancellationToken ct)
    {
        RotateLog();
        var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
        var result = await user.RunAsync(
            binaries.PgCtl,
            ["start", "-w", "-t", PgCtlWaitSeconds.ToString(CultureInfo.InvariantCulture), "-D", dataDirectory, "-l", LogFile],
            PgCtlTimeout,
            ct).ConfigureAwait(false);
        return (result, ReadLogFrom(logOffset));
    }

    /// <summary><c>pg_ctl stop -m fast</c>, then <c>-m immediate</c> if that fails while the server still runs.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (!HasPidFile)
        {
            return;
        }

        var fast = await RunStopAsync("fast", ct).ConfigureAwait(false);
        if (fast.Succeeded || !await IsRunningAsync(ct).ConfigureAwait(false))
        {
            return;
        }

        logger.LogWarning("pg_ctl stop -m fast failed ({Error}); trying -m immediate", fast.Output);
        var immediate = await RunStopAsync("immediate", ct).ConfigureAwait(false);
        if (!immediate.Succeeded && await IsRunningAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"Could not stop the PostgreSQL server in '{dataDirectory}': {fast.Output} | {immediate.Output}");
        }
    }

    /// <summary>The command line of an immediate <c>pg_ctl stop</c>, run as the server user.</summary>
    public (string File, IReadOnlyList<string> Args) ImmediateStopCommand() =>
        user.Wrap(binaries.PgCtl, ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "30"]);

    /// <summary>Hands the data folder (all of it, including the log and settings files) to the server user.</summary>
    public Task TakeOwnershipAsync(CancellationToken ct) => user.TakeOwnershipAsync(dataDirectory, ct);

    /// <summary>PostgreSQL refuses a data folder that group or others can write or (for others) read.</summary>
    public void RestrictDataDirectoryMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode tooOpen = UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite
                                     | UnixFileMode.OtherExecute;
        if ((File.GetUnixFileMode(dataDirectory) & tooOpen) != 0)
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string LogTail(int lines = 20)
    {
        try
        {
            return File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(lines)) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private Task<ProcessResult> RunStopAsync(string mode, CancellationToken ct) =>
        user.RunAsync(
            binaries.PgCtl,
            ["stop", "-D", dataDirectory, "-m", mode, "-w", "-t", PgCtlWaitSeconds.ToString(CultureInfo.InvariantCulture)],
            PgCtlTimeout,
            ct);

    private void RotateLog()
    {
        try
        {
            if (File.Exists(LogFile) && new FileInfo(LogFile).Length > MaxLogBytes)
            {
                File.Move(LogFile, LogFile + ".1", overwrite: true);
            }
        }
        catch (IOException ex)
        {
            logger.LogDebug(ex, "Could not rotate {LogFile}", LogFile);
        }
    }

    private string ReadLogFrom(long offset)
    {
        try
        {
            if (!File.Exists(LogFile))
            {
                return string.Empty;
            }

            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private void ClearDirectory()
    {
        foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo dir)
            {
                dir.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }
}

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// Makes a throwaway cluster die with the process that started it, even when that process is killed
/// (test hosts are often killed right after the run, before ProcessExit handlers finish). A detached shell
/// polls the owner process once a second; when it is gone and the data folder still exists, the shell stops
/// the server (immediate mode) and deletes the folder. It exits on its own once the folder is deleted.
/// </summary>
internal static class ThrowawayWatchdog
{
    private const string Script =
        """
        owner=$1; dir=$2; shift 2
        while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
        if [ -d "$dir" ]; then "$@"; rm -rf "$dir"; fi
        """;

    // Runs the watchdog in the background, detached from our stdio (and session, when setsid exists),
    // then returns at once, so the watchdog is not our child and survives a kill of our process tree.
    private const string Launcher = "\"$@\" </dev/null >/dev/null 2>&1 &";

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(10);

    public static async Task StartAsync(ClusterControl control, ILogger logger, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            return;
        }

        var (stopFile, stopArgs) = control.ImmediateStopCommand();
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        List<string> args = ["-c", Launcher, "sh"];
        if (setsid is not null)
        {
            args.Add(setsid);
        }

        args.AddRange([
            "/bin/sh", "-c", Script, "ie-pg-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), control.DataDirectory,
            stopFile, .. stopArgs,
        ]);

        try
        {
            var result = await ProcessRunner.RunAsync("/bin/sh", args, LaunchTimeout, ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                logger.LogWarning("Could not start the cleanup watchdog for {DataDirectory}: {Error}",
                    control.DataDirectory, result.Output);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not start the cleanup watchdog for {DataDirectory}", control.DataDirectory);
        }
    }
}

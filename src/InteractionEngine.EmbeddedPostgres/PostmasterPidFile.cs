using System.Diagnostics;
using System.Globalization;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// Reads a data folder's <c>postmaster.pid</c>: line 1 the postmaster's process id, line 4 its port
/// (see PostgreSQL's pidfile.h).
/// </summary>
internal sealed record PostmasterPidFile(int ProcessId, int? Port)
{
    public const string FileName = "postmaster.pid";

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, FileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (lines.Length < 1 || !int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        int? port = lines.Length >= 4
                    && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            ? p
            : null;
        return new PostmasterPidFile(pid, port);
    }

    /// <summary>Whether a process with this id exists and looks like a PostgreSQL server (guards against pid reuse).</summary>
    public bool IsProcessAlive()
    {
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            if (process.HasExited)
            {
                return false;
            }

            var name = process.ProcessName;
            return name.Contains("postgres", StringComparison.OrdinalIgnoreCase)
                   || name.Contains("postmaster", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}

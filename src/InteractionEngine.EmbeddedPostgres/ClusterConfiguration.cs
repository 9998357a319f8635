using System.Globalization;
using System.Text;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// The launcher's server settings. They live in their own file in the data folder, rewritten at each start
/// (the port changes), and included from the end of postgresql.conf, so ALTER SYSTEM (postgresql.auto.conf)
/// still overrides them.
/// </summary>
internal static class ClusterConfiguration
{
    public const string FileName = "embedded-postgres.conf";
    private const string IncludeLine = "include_if_exists = '" + FileName + "'";

    // Unix-domain socket paths are limited to ~107 bytes; beyond that the server would refuse to start.
    private const int MaxSocketPathLength = 100;

    public static void Write(string dataDirectory, int port, EmbeddedPostgresOptions options)
    {
        var socketDirectory = (dataDirectory + "/.s.PGSQL." + port).Length <= MaxSocketPathLength && !OperatingSystem.IsWindows()
            ? dataDirectory
            : string.Empty; // TCP only.

        var settings = new StringBuilder()
            .AppendLine("# Written by InteractionEngine.EmbeddedPostgres at every start; edits are overwritten.")
            .AppendLine("# Use ALTER SYSTEM (postgresql.auto.conf) for lasting changes.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {options.MaxConnections}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = {Quote(socketDirectory)}")
            .AppendLine("shared_buffers = '128MB'")
            .AppendLine("logging_collector = off")
            .AppendLine("log_min_messages = warning");
        if (options.Throwaway)
        {
            // Test clusters are deleted afterwards: trade durability for speed.
            settings
                .AppendLine("fsync = off")
                .AppendLine("synchronous_commit = off")
                .AppendLine("full_page_writes = off");
        }
        else
        {
            settings
                .AppendLine("fsync = on")
                .AppendLine("synchronous_commit = on")
                .AppendLine("full_page_writes = on");
        }

        File.WriteAllText(Path.Combine(dataDirectory, FileName), settings.ToString());

        var postgresqlConf = Path.Combine(dataDirectory, "postgresql.conf");
        var existing = File.Exists(postgresqlConf) ? File.ReadAllText(postgresqlConf) : string.Empty;
        if (!existing.Contains(IncludeLine, StringComparison.Ordinal))
        {
            var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : Environment.NewLine;
            File.AppendAllText(postgresqlConf, separator + IncludeLine + Environment.NewLine);
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

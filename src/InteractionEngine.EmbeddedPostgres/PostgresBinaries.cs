using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>A folder holding the PostgreSQL server programs (initdb, pg_ctl, postgres) of one version.</summary>
internal sealed partial record PostgresBinaries(string BinDirectory, Version Version)
{
    public const string BinDirectoryVariable = "IE_PG_BIN";
    public const int MinimumMajorVersion = 15;

    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(15);
    private static readonly string[] RequiredPrograms = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Program("initdb");

    public string PgCtl => Program("pg_ctl");

    public string Postgres => Program("postgres");

    /// <summary>
    /// Finds the binaries: the explicit <paramref name="binDirectory"/>, else the IE_PG_BIN variable (either one,
    /// when set, is the only folder tried), else pg_ctl/initdb on PATH (symlinks resolved), else the usual folders.
    /// </summary>
    public static Task<PostgresBinaries> DiscoverAsync(
        string? binDirectory, ILogger? logger = null, CancellationToken ct = default) =>
        DiscoverAsync(binDirectory, Environment.GetEnvironmentVariable(BinDirectoryVariable),
            Environment.GetEnvironmentVariable("PATH"), logger, ct);

    internal static async Task<PostgresBinaries> DiscoverAsync(
        string? binDirectory, string? binDirectoryVariable, string? path, ILogger? logger, CancellationToken ct)
    {
        logger ??= NullLogger.Instance;

        if (!string.IsNullOrWhiteSpace(binDirectory))
        {
            return await FromExplicitFolderAsync(binDirectory, "the BinDirectory option", ct).ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(binDirectoryVariable))
        {
            return await FromExplicitFolderAsync(
                binDirectoryVariable, $"the {BinDirectoryVariable} environment variable", ct).ConfigureAwait(false);
        }

        var rejected = new List<string>();
        var candidates = CandidatesFromPath(path).Concat(UsualFolders()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var candidate in candidates)
        {
            if (!HasAllPrograms(candidate))
            {
                continue;
            }

            var found = await TryReadVersionAsync(candidate, ct).ConfigureAwait(false);
            if (found is null)
            {
                rejected.Add($"{candidate} (could not read 'pg_ctl --version')");
            }
            else if (found.Version.Major < MinimumMajorVersion)
            {
                rejected.Add($"{candidate} (PostgreSQL {found.Version}, too old)");
            }
            else
            {
                logger.LogDebug("Using PostgreSQL {Version} binaries from {BinDirectory}", found.Version, candidate);
                return found;
            }
        }

        var detail = rejected.Count == 0
            ? "none of the searched places holds initdb, pg_ctl and postgres"
            : "rejected: " + string.Join("; ", rejected);
        throw new PostgresBinariesNotFoundException(
            $"PostgreSQL {MinimumMajorVersion}+ server binaries were not found on PATH nor in the usual folders " +
            $"(/usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, Homebrew, /usr/local/pgsql/bin); {detail}.");
    }

    /// <summary>Parses the version out of e.g. "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)".</summary>
    internal static Version? ParseVersion(string versionOutput)
    {
        var match = VersionPattern().Match(versionOutput);
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups["minor"].Success
            ? int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture)
            : 0;
        return new Version(major, minor);
    }

    private string Program(string name) => Path.Combine(BinDirectory, ExecutableName(name));

    private static async Task<PostgresBinaries> FromExplicitFolderAsync(string folder, string source, CancellationToken ct)
    {
        var full = Path.GetFullPath(folder);
        var missing = RequiredPrograms.Where(p => !File.Exists(Path.Combine(full, ExecutableName(p)))).ToList();
        if (missing.Count > 0)
        {
            throw new PostgresBinariesNotFoundException(
                $"The PostgreSQL bin folder '{full}' given by {source} does not contain {string.Join(", ", missing)}.");
        }

        var found = await TryReadVersionAsync(full, ct).ConfigureAwait(false)
            ?? throw new PostgresBinariesNotFoundException(
                $"Could not read the PostgreSQL version with 'pg_ctl --version' in '{full}' (given by {source}).");
        if (found.Version.Major < MinimumMajorVersion)
        {
            throw new PostgresBinariesNotFoundException(
                $"The PostgreSQL binaries in '{full}' (given by {source}) are version {found.Version}; " +
                $"{MinimumMajorVersion} or newer is required.");
        }

        return found;
    }

    private static async Task<PostgresBinaries?> TryReadVersionAsync(string folder, CancellationToken ct)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(
                Path.Combine(folder, ExecutableName("pg_ctl")), ["--version"], VersionTimeout, ct).ConfigureAwait(false);
            var version = result.Succeeded ? ParseVersion(result.StdOut) : null;
            return version is null ? null : new PostgresBinaries(folder, version);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }

    private static IEnumerable<string> CandidatesFromPath(string? path)
    {
        foreach (var dir in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var program in new[] { "pg_ctl", "initdb" })
            {
                var file = Path.Combine(dir, ExecutableName(program));
                if (!File.Exists(file))
                {
                    continue;
                }

                // e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb
                string real;
                try
                {
                    real = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
                }
                catch (IOException)
                {
                    real = file;
                }

                if (Path.GetDirectoryName(Path.GetFullPath(real)) is { } realDir)
                {
                    yield return realDir;
                }
            }
        }
    }

    private static IEnumerable<string> UsualFolders()
    {
        if (OperatingSystem.IsWindows())
        {
            var programFiles = Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles);
            return ByVersionDescending(Path.Combine(programFiles, "PostgreSQL"), "*", "bin");
        }

        return ByVersionDescending("/usr/lib/postgresql", "*", "bin")               // Debian, Ubuntu
            .Concat(ByVersionDescending("/usr", "pgsql-*", "bin"))                  // PGDG RPMs
            .Concat(ByVersionDescending("/opt/homebrew/opt", "postgresql*", "bin")) // Homebrew (Apple silicon)
            .Concat(ByVersionDescending("/usr/local/opt", "postgresql*", "bin"))    // Homebrew (Intel)
            .Concat(ByVersionDescending("/Applications/Postgres.app/Contents/Versions", "*", "bin"))
            .Append("/usr/local/pgsql/bin")                                          // source builds
            .Append("/usr/bin");                                                     // Fedora/RHEL postgresql-server
    }

    private static IEnumerable<string> ByVersionDescending(string parent, string pattern, string bin)
    {
        if (!Directory.Exists(parent))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateDirectories(parent, pattern)
                .OrderByDescending(dir => LeadingNumber(Path.GetFileName(dir)))
                .ThenByDescending(dir => dir, StringComparer.Ordinal)
                .Select(dir => Path.Combine(dir, bin))
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int LeadingNumber(string name)
    {
        var digits = new string(name.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    private static bool HasAllPrograms(string folder) =>
        RequiredPrograms.All(p => File.Exists(Path.Combine(folder, ExecutableName(p))));

    private static string ExecutableName(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;

    [GeneratedRegex(@"\(PostgreSQL\)\s+(?<major>\d+)(?:\.(?<minor>\d+))?")]
    private static partial Regex VersionPattern();
}

using System.Runtime.InteropServices;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// The operating-system user that owns the cluster and runs initdb / pg_ctl. PostgreSQL refuses to run as root,
/// so when this process is root the work is handed to the unprivileged <c>postgres</c> user (else <c>nobody</c>)
/// through runuser (or su); otherwise commands run as the current user.
/// </summary>
internal sealed class ServerUser
{
    private static readonly TimeSpan ShortCommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ChownTimeout = TimeSpan.FromMinutes(2);

    private readonly string? _runUser;
    private readonly string? _su;

    private ServerUser(string? name, string? runUser, string? su)
    {
        Name = name;
        _runUser = runUser;
        _su = su;
    }

    /// <summary>The user switched to, or null when commands run as the current (non-root) user.</summary>
    public string? Name { get; }

    public bool SwitchesUser => Name is not null;

    public static async Task<ServerUser> ResolveAsync(CancellationToken ct = default)
    {
        if (!IsRoot())
        {
            return new ServerUser(null, null, null);
        }

        var name = await UserExistsAsync("postgres", ct).ConfigureAwait(false) ? "postgres"
            : await UserExistsAsync("nobody", ct).ConfigureAwait(false) ? "nobody"
            : throw new InvalidOperationException(
                "PostgreSQL refuses to run as root, and neither a 'postgres' nor a 'nobody' user exists to run it as. " +
                "Create a 'postgres' user (installing the postgresql package does), run as a non-root user, " +
                "or configure ConnectionStrings:Postgres to use an existing server.");

        var runUser = FindExecutable("runuser", "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser");
        var su = runUser is null ? FindExecutable("su", "/bin/su", "/usr/bin/su") : null;
        if (runUser is null && su is null)
        {
            throw new InvalidOperationException(
                $"Running as root, PostgreSQL must be started as '{name}', but neither runuser nor su was found.");
        }

        return new ServerUser(name, runUser, su);
    }

    /// <summary>Runs a program as the server user.</summary>
    public Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct = default)
    {
        var (file, args) = Wrap(fileName, arguments);
        return ProcessRunner.RunAsync(file, args, timeout, ct);
    }

    /// <summary>Runs a program as the server user; a non-zero exit code throws with its output.</summary>
    public Task<ProcessResult> RunCheckedAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct = default)
    {
        var (file, args) = Wrap(fileName, arguments);
        return ProcessRunner.RunCheckedAsync(file, args, timeout, ct);
    }

    /// <summary>Hands <paramref name="path"/> (recursively) to the server user; no-op when not switching users.</summary>
    public async Task TakeOwnershipAsync(string path, CancellationToken ct = default)
    {
        if (Name is null)
        {
            return;
        }

        await ProcessRunner.RunCheckedAsync("chown", ["-R", $"{Name}:", path], ChownTimeout, ct)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Throws when the server user cannot enter every parent folder of <paramref name="dataDirectory"/>
    /// (e.g. a clone under a 0700 home folder). Parents are never chmod-ed behind the user's back.
    /// </summary>
    public async Task EnsureCanReachAsync(string dataDirectory, CancellationToken ct = default)
    {
        if (Name is null)
        {
            return;
        }

        var parents = new List<string>();
        for (var dir = Path.GetDirectoryName(dataDirectory); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            parents.Add(dir);
        }

        parents.Reverse(); // Outermost first, so the first blocker reported is the real one.
        const string script = "for d in \"$@\"; do if [ ! -x \"$d\" ]; then printf '%s' \"$d\"; exit 3; fi; done";
        var result = await RunAsync("/bin/sh", ["-c", script, "sh", .. parents], ShortCommandTimeout, ct)
            .ConfigureAwait(false);
        if (result.ExitCode == 3)
        {
            var blocker = result.StdOut.Trim();
            throw new InvalidOperationException(
                $"The embedded PostgreSQL server runs as user '{Name}' (PostgreSQL refuses root), and that user " +
                $"cannot enter the folder '{blocker}', a parent of the data folder '{dataDirectory}'. " +
                $"Either let it through (e.g. 'chmod o+x {blocker}'), choose a data folder it can reach by setting " +
                "Database:DataDirectory (env Database__DataDirectory; e.g. under /var/tmp or /srv), or configure ConnectionStrings:Postgres to use an " +
                "existing PostgreSQL server.");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not check whether user '{Name}' can reach '{dataDirectory}' " +
                $"('{result.CommandLine}' exited with {result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>The program and arguments that run <paramref name="fileName"/> as the server user.</summary>
    public (string File, IReadOnlyList<string> Args) Wrap(string fileName, IReadOnlyList<string> arguments)
    {
        if (Name is null)
        {
            return (fileName, arguments);
        }

        if (_runUser is not null)
        {
            return (_runUser, ["-u", Name, "--", fileName, .. arguments]);
        }

        var command = string.Join(' ', new[] { fileName }.Concat(arguments).Select(ShellQuote));
        return (_su!, ["-s", "/bin/sh", Name, "-c", command]);
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool IsRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return GetEffectiveUserId() == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Environment.UserName == "root";
        }
    }

    private static async Task<bool> UserExistsAsync(string name, CancellationToken ct)
    {
        const string passwd = "/etc/passwd";
        if (File.Exists(passwd)
            && File.ReadLines(passwd).Any(line => line.StartsWith(name + ":", StringComparison.Ordinal)))
        {
            return true;
        }

        // Users from NSS sources other than /etc/passwd (LDAP, sssd...).
        try
        {
            var result = await ProcessRunner.RunAsync("id", ["-u", name], ShortCommandTimeout, ct).ConfigureAwait(false);
            return result.Succeeded;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? FindExecutable(string name, params string[] usualPaths)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name));
        return onPath.Concat(usualPaths).FirstOrDefault(File.Exists);
    }

    // DllImport rather than LibraryImport: the latter needs AllowUnsafeBlocks for its generated code.
    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint GetEffectiveUserId();
}

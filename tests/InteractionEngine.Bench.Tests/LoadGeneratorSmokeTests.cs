using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace InteractionEngine.Bench.Tests;

/// <summary>
/// Runs the load generator's --smoke mode (every phase, tiny counts, its own embedded PostgreSQL, the Host as a child
/// process) and checks that it exited cleanly and measured every figure of the table. Speed is not asserted here: the
/// bench reports it. The report goes to a temporary file, never into docs/.
/// </summary>
public sealed class LoadGeneratorSmokeTests(ITestOutputHelper output)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    // About 1.5 minutes on an idle 2-core machine; the bound only stops a hung run (a shared machine takes 2-3x longer).
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    /// <summary>How the first cell of every row the table must have begins (a regular expression); each needs a measured value.</summary>
    private static readonly string[] Figures =
    [
        @"Inbound msgs/s through the actors", @"Ack latency flat out \(actors\)", @"Persisted-to-visible lag flat out",
        @"Inbound msgs/s through HTTP", @"Ack latency flat out \(HTTP\)",
        @"Ack latency at a fixed [0-9,]+/s", @"Persisted-to-visible lag at half of max", @"Ack → unread count visible",
        @"Recovery of a [0-9,]+-event conversation with snapshots", @"Recovery of a [0-9,]+-event conversation without snapshots",
        @"Reply of the same conversation once live", @"Working set with [0-9,]+ live conversations", @"Working set after passivation",
        @"Ceiling: ", @"Naive: ", @"Engine / ceiling", @"Engine / naive",
    ];

    [Fact]
    public async Task Smoke_mode_runs_every_phase_and_reports_every_figure()
    {
        var root = RepoRoot();
        var dll = Path.Combine(root, "bench", "InteractionEngine.LoadGen", "bin", Configuration, "net10.0", "InteractionEngine.LoadGen.dll");
        Assert.True(File.Exists(dll), $"the load generator is not built at {dll}");
        var report = Path.Combine(Path.GetTempPath(), $"ie-bench-smoke-{Guid.NewGuid():N}.md");
        try
        {
            var (exitCode, text, elapsed) = await RunAsync(root, dll, ["--smoke", "--out", report]);
            output.WriteLine($"smoke run took {elapsed.TotalSeconds:0} s");
            output.WriteLine(Tail(text, 80));

            Assert.True(exitCode == 0, $"the load generator exited with {exitCode}:\n{Tail(text)}");
            Assert.Contains($"Written to {report}", text);
            Assert.DoesNotContain("FAILED", text);
            Assert.True(File.Exists(report), $"no report at {report}");
            var markdown = await File.ReadAllTextAsync(report);
            Assert.Contains("<!-- bench:begin -->", markdown);
            Assert.Contains("<!-- bench:end -->", markdown);
            Assert.Contains("**mode:** smoke", markdown);
            Assert.DoesNotContain("Phases that failed", markdown);

            var rows = TableRows(markdown);
            foreach (var figure in Figures)
            {
                var row = rows.FirstOrDefault(r => Regex.IsMatch(r[0], "^" + figure));
                Assert.True(row is not null, $"the table has no row '{figure}…':\n{string.Join('\n', rows.Select(r => r[0]))}");
                var measured = row[1];
                Assert.False(string.IsNullOrWhiteSpace(measured) || measured is "—" || measured.StartsWith("not run", StringComparison.Ordinal)
                             || measured.StartsWith("failed", StringComparison.Ordinal) || measured.Contains("NaN", StringComparison.Ordinal),
                    $"'{figure}' has no measurement: '{measured}'");
                Assert.Matches("[0-9]", measured);
            }
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task An_unknown_option_fails_with_a_non_zero_exit_code()
    {
        var root = RepoRoot();
        var dll = Path.Combine(root, "bench", "InteractionEngine.LoadGen", "bin", Configuration, "net10.0", "InteractionEngine.LoadGen.dll");
        var (exitCode, text, _) = await RunAsync(root, dll, ["--smoke", "--no-such-option"]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--no-such-option", text);
    }

    /// <summary>The cells of the table's data rows (header and separator left out).</summary>
    private static List<string[]> TableRows(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(l => l.StartsWith("| figure | measured | target | met? |", StringComparison.Ordinal));
        Assert.True(header >= 0, "the report has no figure table");
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
            .ToList();
    }

    private async Task<(int ExitCode, string Text, TimeSpan Elapsed)> RunAsync(string root, string dll, string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var text = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        try
        {
            using var cts = new CancellationTokenSource(Budget);
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM first: the load generator then stops its PostgreSQL and the Host; the kill is the fallback.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20))) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string soFar;
            lock (text) soFar = text.ToString();
            output.WriteLine(Tail(soFar, 80));
            Assert.Fail($"the load generator did not finish within {Budget.TotalMinutes} min:\n{Tail(soFar)}");
        }
        process.WaitForExit(); // drains the output readers
        lock (text) return (process.ExitCode, text.ToString(), watch.Elapsed);
    }

    private static string Tail(string text, int lines = 40) => string.Join("\n", text.Split('\n').TakeLast(lines));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InteractionEngine.sln"))) return dir.FullName;
        throw new InvalidOperationException("InteractionEngine.sln not found above " + AppContext.BaseDirectory);
    }
}

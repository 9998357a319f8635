using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace InteractionEngine.Bench.Tests;

/// <summary>
/// Runs the load generator's --smoke mode (every phase, tiny counts, its own embedded PostgreSQL) as a process and
/// checks that it measured every phase and produced the table. Speed is not asserted here: the bench reports it.
/// </summary>
public sealed class LoadGeneratorSmokeTests(ITestOutputHelper output)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Smoke_mode_runs_every_phase_and_writes_the_table()
    {
        var root = RepoRoot();
        var dll = Path.Combine(root, "bench", "InteractionEngine.LoadGen", "bin", Configuration, "net10.0", "InteractionEngine.LoadGen.dll");
        Assert.True(File.Exists(dll), $"the load generator is not built at {dll}");
        var report = Path.Combine(Path.GetTempPath(), $"ie-bench-smoke-{Guid.NewGuid():N}.md");
        var start = new ProcessStartInfo("dotnet", [dll, "--smoke", "--out", report])
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
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"the smoke run did not finish within {Budget.TotalMinutes} min:\n{Tail(text)}");
        }
        process.WaitForExit();
        output.WriteLine($"smoke run took {watch.Elapsed.TotalSeconds:0} s");
        output.WriteLine(Tail(text, 80));

        try
        {
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{Tail(text)}");
            var markdown = await File.ReadAllTextAsync(report);
            Assert.Contains("<!-- bench:begin -->", markdown);
            Assert.Contains("| figure | measured | target | met? |", markdown);
            Assert.DoesNotContain("Phases that failed", markdown);
            foreach (var figure in new[]
                     {
                         "Inbound msgs/s through the actors", "Inbound msgs/s through HTTP", "Ack latency at a fixed", "Persisted-to-visible lag at half of max",
                         "Recovery of a", "Working set with", "Working set after passivation", "Ceiling:", "Naive:", "Engine / ceiling", "Engine / naive",
                     })
                Assert.Contains(figure, markdown);
            Assert.DoesNotContain("| not run |", markdown);
        }
        finally
        {
            File.Delete(report);
        }
    }

    private static string Tail(StringBuilder text, int lines = 40)
    {
        lock (text) return string.Join("\n", text.ToString().Split('\n').TakeLast(lines));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InteractionEngine.sln"))) return dir.FullName;
        throw new InvalidOperationException("InteractionEngine.sln not found above " + AppContext.BaseDirectory);
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project bench/InteractionEngine.Benchmarks -- --filter *
// A short in-process job: 3 warm-ups, 5 iterations, no separate build per benchmark, so the whole suite takes a few minutes
// on two cores. Pass BenchmarkDotNet's own options (--job, --runtimes, ...) to change that.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(InteractionEngine.Benchmarks.Samples).Assembly).Run(args, config);

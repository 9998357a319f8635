using System.Reflection;
using BenchmarkDotNet.Attributes;
using InteractionEngine.Benchmarks;

namespace InteractionEngine.Bench.Tests;

/// <summary>
/// Every micro-benchmark runs once, with its setup and cleanup, outside BenchmarkDotNet: the setups bind to the
/// projections by reflection and build realistic state, so this is where an API change that breaks them shows up.
/// Nothing is timed.
/// </summary>
public sealed class MicroBenchmarkTests
{
    private static IEnumerable<string> BenchmarkClasses() =>
        typeof(Samples).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .Select(t => t.Name)
            .Order();

    public static TheoryData<string> Classes() => new(BenchmarkClasses());

    [Fact]
    public void The_known_benchmark_classes_are_found() =>
        Assert.Equal(["DomainBenchmarks", "ProjectionBenchmarks", "SerializerBenchmarks"], BenchmarkClasses());

    [Theory]
    [MemberData(nameof(Classes))]
    public void Each_benchmark_runs_once(string className)
    {
        var type = typeof(Samples).Assembly.GetTypes().Single(t => t.Name == className);
        var instance = Activator.CreateInstance(type)!;
        var methods = type.GetMethods(BindingFlags.Instance | BindingFlags.Public);
        foreach (var setup in methods.Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)) setup.Invoke(instance, null);
        try
        {
            var benchmarks = methods.Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToList();
            Assert.NotEmpty(benchmarks);
            foreach (var benchmark in benchmarks)
                Assert.True(benchmark.Invoke(instance, null) is not null, $"{className}.{benchmark.Name} returned nothing");
        }
        finally
        {
            foreach (var cleanup in methods.Where(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null)) cleanup.Invoke(instance, null);
        }
    }
}

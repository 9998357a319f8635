using System.Text.Json.Nodes;

namespace InteractionEngine.Bench.Tests;

/// <summary>
/// The load generator's in-process nodes and memory children must run the Host's garbage collector (and thread pool) settings, or the
/// memory and throughput figures describe a different program. Both projects set them in their .csproj; this compares
/// the runtimeconfig.json files the builds produce.
/// </summary>
public sealed class GarbageCollectorParityTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void The_load_generator_runs_the_garbage_collector_settings_of_the_Host()
    {
        var root = RepoRoot();
        var host = GcSettings(Path.Combine(root, "src", "InteractionEngine.Host", "bin", Configuration, "net10.0", "InteractionEngine.Host.runtimeconfig.json"));
        var loadGen = GcSettings(Path.Combine(root, "bench", "InteractionEngine.LoadGen", "bin", Configuration, "net10.0", "InteractionEngine.LoadGen.runtimeconfig.json"));

        Assert.NotEmpty(host);
        Assert.Equal(host, loadGen);
    }

    private static SortedDictionary<string, string> GcSettings(string runtimeConfig)
    {
        Assert.True(File.Exists(runtimeConfig), $"{runtimeConfig} is not built");
        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))?["runtimeOptions"]?["configProperties"]?.AsObject() ?? [];
        return new SortedDictionary<string, string>(properties
            .Where(p => p.Key.StartsWith("System.GC.", StringComparison.Ordinal) || p.Key.StartsWith("System.Threading.ThreadPool.", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InteractionEngine.sln"))) return dir.FullName;
        throw new InvalidOperationException("InteractionEngine.sln not found above " + AppContext.BaseDirectory);
    }
}

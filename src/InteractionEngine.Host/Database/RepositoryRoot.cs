namespace InteractionEngine.Host.Database;

/// <summary>Finds the checkout the engine runs from, so the embedded database lives in its ignored .data/ folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "InteractionEngine.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

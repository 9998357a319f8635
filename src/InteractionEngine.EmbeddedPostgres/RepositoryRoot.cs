namespace InteractionEngine.EmbeddedPostgres;

/// <summary>
/// Finds the checkout a program runs from (the folder holding InteractionEngine.sln), so the engine and the
/// CLI share one embedded database in its ignored .data/ folder.
/// </summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "InteractionEngine.sln";

    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

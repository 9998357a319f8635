namespace InteractionEngine.Host.Database;

/// <summary>Finds the checkout the engine runs from (shared with the CLI: <see cref="EmbeddedPostgres.RepositoryRoot"/>).</summary>
public static class RepositoryRoot
{
    public static string Find() => EmbeddedPostgres.RepositoryRoot.Find();
}

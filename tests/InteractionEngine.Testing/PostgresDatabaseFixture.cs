using Xunit;

namespace InteractionEngine.Testing;

/// <summary>
/// xunit class fixture: a fresh PostgreSQL database for one test class (see <see cref="TestPostgres"/>),
/// dropped when the class is done.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>Connection string of this fixture's database.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The fixture has not been initialized yet.");

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("test");

    public async Task DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        try
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // Best effort: the throwaway server is deleted at process exit anyway.
        }
    }
}

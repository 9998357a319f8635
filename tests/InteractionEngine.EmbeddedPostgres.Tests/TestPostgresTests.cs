using InteractionEngine.Testing;

namespace InteractionEngine.EmbeddedPostgres.Tests;

public sealed class TestPostgresTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Each_call_creates_a_distinct_usable_database()
    {
        var created = await Task.WhenAll(
            TestPostgres.CreateDatabaseAsync("Orders Test"),
            TestPostgres.CreateDatabaseAsync("Orders Test"),
            TestPostgres.CreateDatabaseAsync("9lives"));

        var names = new List<string>();
        foreach (var connectionString in created)
        {
            names.Add((string)(await Sql.ScalarAsync(connectionString, "select current_database()"))!);
        }

        Assert.Equal(3, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z_][a-z0-9_]*_[0-9a-f]{8}$", n));
        Assert.StartsWith("orders_test_", names[0], StringComparison.Ordinal);
        Assert.StartsWith("db_9lives_", names[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fixture_provides_its_own_database()
    {
        var name = (string?)await Sql.ScalarAsync(fixture.ConnectionString, "select current_database()");
        Assert.StartsWith("test_", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_prefixes_still_give_valid_identifiers()
    {
        var name = TestPostgres.DatabaseName(new string('x', 100));
        Assert.Equal(63, name.Length);
    }
}

namespace InteractionEngine.EmbeddedPostgres.Tests;

public sealed class PostgresBinariesTests
{
    [Fact]
    public async Task An_empty_BinDirectory_fails_clearly_without_falling_back()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);

        var ex = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() => EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = temp.Sub("pg"), BinDirectory = temp.Path }));

        Assert.Contains(temp.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IE_PG_BIN", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Sub("pg")));
    }

    [Fact]
    public async Task The_IE_PG_BIN_variable_is_honoured_without_falling_back()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);

        var ex = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() =>
            PostgresBinaries.DiscoverAsync(null, temp.Path, Environment.GetEnvironmentVariable("PATH"), null, default));

        Assert.Contains("IE_PG_BIN", ex.Message, StringComparison.Ordinal);
        Assert.Contains(temp.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_found_anywhere_explains_how_to_install()
    {
        // An empty PATH still finds the usual folders on a machine with PostgreSQL, so only check the no-PATH
        // search where there is nothing to find.
        if (Directory.Exists("/usr/lib/postgresql") || Directory.Exists("/usr/local/pgsql") || File.Exists("/usr/bin/postgres"))
        {
            var found = await PostgresBinaries.DiscoverAsync(null, null, string.Empty, null, default);
            Assert.True(found.Version.Major >= 15);
            return;
        }

        var ex = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() =>
            PostgresBinaries.DiscoverAsync(null, null, string.Empty, null, default));
        Assert.Contains("apt-get install postgresql", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symlinks_on_PATH_lead_to_the_real_bin_folder()
    {
        var real = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        if (real is null || OperatingSystem.IsWindows())
        {
            return;
        }

        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Path);
        File.CreateSymbolicLink(Path.Combine(temp.Path, "pg_ctl"), Path.Combine(real, "pg_ctl"));

        var found = await PostgresBinaries.DiscoverAsync(null, null, temp.Path, null, default);

        Assert.Equal(real, found.BinDirectory);
    }

    [Theory]
    [InlineData("pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 15, 18)]
    [InlineData("pg_ctl (PostgreSQL) 17.2", 17, 2)]
    [InlineData("pg_ctl (PostgreSQL) 18beta1", 18, 0)]
    public void Versions_are_parsed(string output, int major, int minor)
    {
        Assert.Equal(new Version(major, minor), PostgresBinaries.ParseVersion(output));
    }
}

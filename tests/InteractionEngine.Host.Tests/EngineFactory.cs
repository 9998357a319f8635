using InteractionEngine.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InteractionEngine.Host.Tests;

/// <summary>The whole engine in-process on a fresh database; Akka on a free port so test classes can run side by side.</summary>
public class EngineFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _connectionString = "";

    public string ConnectionString => _connectionString;

    public virtual async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("host");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        builder.UseSetting("Akka:Port", "0");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.WithLiftedRateLimits();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace InteractionEngine.Host.Tests.Agents;

/// <summary>The engine on a real loopback port (Kestrel), so clients and SignalR go over real HTTP.</summary>
public sealed class KestrelEngine : EngineFactory
{
    public int Port { get; } = TestPorts.Free();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Urls", BaseAddress.ToString());
    }

    public HttpClient Client(string key) => new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.As(key);
}

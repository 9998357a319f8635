using System.Net;
using System.Net.Sockets;

namespace InteractionEngine.Host.Tests;

/// <summary>Loopback ports for the engines, emulators and cluster nodes a test starts.</summary>
internal static class TestPorts
{
    /// <summary>A port free now (the OS picks it); the caller binds it soon after.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

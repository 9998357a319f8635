using System.Net;
using System.Net.Sockets;

namespace InteractionEngine.EmbeddedPostgres;

/// <summary>Picks a TCP port on 127.0.0.1 that is free right now.</summary>
internal static class FreePort
{
    public static int OnLoopback()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}

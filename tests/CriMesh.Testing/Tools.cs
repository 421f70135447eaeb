using System.Net;
using System.Net.Sockets;

namespace CriMesh.Testing;

/// <summary>Small helpers every test kit part uses.</summary>
public static class Tools
{
    /// <summary>
    /// Returns a TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    /// Another process may take it before the caller binds it; callers that start a server on it retry
    /// (see <see cref="Registry.RegistryServer.StartAsync"/>).
    /// </summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

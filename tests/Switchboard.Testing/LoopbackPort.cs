using System.Net;
using System.Net.Sockets;

namespace Switchboard.Testing;

/// <summary>Ports for hosts and processes the tests and benchmarks start on 127.0.0.1.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the kernel's pick); free until someone else takes it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

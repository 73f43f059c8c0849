using System.Net;
using System.Net.Sockets;

namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>
/// Ports for the servers and listeners tests start: each handed out once per test run, and below the kernel's
/// ephemeral range. A port asked of the kernel (bind to port 0, close, bind it again later) comes from the pool every
/// outgoing connection also draws from, so a client socket of a parallel test could take it in between — CI failed once
/// with "address already in use" that way. Ports below the range are never given to outgoing connections, and the
/// counter never hands one out twice, so only a port another program already listens on is skipped.
/// </summary>
internal static class TestPorts
{
    private static readonly int EphemeralStart = ReadEphemeralStart();

    // A different block per process, in case two test runs share the machine.
    private static int _last = Math.Max(1024, EphemeralStart - 12_000) + (Environment.ProcessId % 8 * 1_000);

    public static int Next()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _last);
            if (port >= EphemeralStart)
            {
                throw new InvalidOperationException($"No free test port left below the ephemeral range (from {EphemeralStart}).");
            }

            if (IsFree(port))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Linux's <c>ip_local_port_range</c>; 32768 (Linux's default) elsewhere.</summary>
    private static int ReadEphemeralStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(RangeFile)
            && int.TryParse(File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            && start > 2_048)
        {
            return start;
        }

        return 32_768;
    }
}

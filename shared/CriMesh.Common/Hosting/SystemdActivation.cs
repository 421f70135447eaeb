using System.Globalization;

namespace CriMesh.Common.Hosting;

/// <summary>
/// The sd_listen_fds(3) protocol: systemd sets LISTEN_PID to our PID and LISTEN_FDS to the number of
/// sockets it passed from fd 3 on. Only a LISTEN_PID that names this process counts.
/// </summary>
public sealed record SystemdActivation(int FdCount)
{
    public static SystemdActivation? FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable("LISTEN_PID"), Environment.GetEnvironmentVariable("LISTEN_FDS"), Environment.ProcessId);

    public static SystemdActivation? Parse(string? listenPid, string? listenFds, int processId)
    {
        if (!int.TryParse(listenPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId)
        {
            return null;
        }
        return int.TryParse(listenFds, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? new SystemdActivation(count)
            : null;
    }
}

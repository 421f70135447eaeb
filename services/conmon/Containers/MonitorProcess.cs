using System.Globalization;

namespace CriMesh.Conmon.Containers;

/// <summary>Whether a PID is still the monitor of a given container (guards against PID reuse).</summary>
public static class MonitorProcess
{
    public static bool IsMonitorOf(int pid, string containerId)
    {
        if (pid <= 0)
        {
            return false;
        }
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            var args = cmdline.Split('\0');
            return args.Length > 2 && Path.GetFileName(args[0]).Contains("conmon", StringComparison.Ordinal)
                && args.Contains(containerId, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}

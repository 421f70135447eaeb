using System.Globalization;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// A private install for deploy/crimesh-node: a layout file whose PREFIX links to the built daemons and
/// whose run, state and log dirs and config live in a temp dir, so the real /run/crimesh is never
/// touched. Dispose kills (by pid) any daemon still running from it, then removes the directory.
/// </summary>
internal sealed class NodeSandbox : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _dir = new("crimesh-node-");
    private readonly HashSet<int> _seenPids = [];

    public NodeSandbox(string extraConfig = "")
    {
        var prefix = _dir.Combine("prefix");
        foreach (var daemon in DaemonCatalog.Names)
        {
            var dir = Path.Combine(prefix, $"crimesh-{daemon}");
            Directory.CreateDirectory(dir);
            File.CreateSymbolicLink(Path.Combine(dir, $"crimesh-{daemon}"), RepoPaths.DaemonExe(daemon));
        }
        // crimesh-node asks the daemons' health through the installed CLI.
        Directory.CreateDirectory(Path.Combine(prefix, "crimeshctl"));
        File.CreateSymbolicLink(Path.Combine(prefix, "crimeshctl", "crimeshctl"), CriMesh.Testing.Node.RepoPaths.CliExe);
        RunDir = _dir.Combine("run");
        LogDir = _dir.Combine("log");
        var config = _dir.Combine("etc/crimesh.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config,
            $"run_dir = \"{RunDir}\"\nstate_dir = \"{_dir.Combine("state")}\"\n{extraConfig}\n" +
            $"[conmon]\nruntime_root = \"{_dir.Combine("runc")}\"\n");

        var overrides = new Dictionary<string, string>
        {
            ["PREFIX"] = prefix,
            ["RUN_DIR"] = RunDir,
            ["LOG_DIR"] = LogDir,
            ["STATE_DIR"] = _dir.Combine("state"),
            ["CONF_DIR"] = _dir.Combine("etc"),
            ["CONF_FILE"] = config,
            ["DROPIN_DIR"] = _dir.Combine("etc/crimesh.d"),
            ["ENV_FILE"] = _dir.Combine("etc/crimesh.env"),
        };
        LayoutPath = _dir.Combine("layout.env");
        File.WriteAllLines(LayoutPath, InstallLayout.Shipped.Values.Select(kv =>
            $"{kv.Key}=\"{(overrides.TryGetValue(kv.Key, out var v) ? v : kv.Value)}\""));
    }

    public string RunDir { get; }

    public string LogDir { get; }

    public string LayoutPath { get; }

    public static string SocketOf(string runDir, string daemon) =>
        Path.Combine(runDir, daemon == "gateway" ? "crimesh.sock" : $"{daemon}.sock");

    public string PidFileOf(string daemon) => Path.Combine(RunDir, $"{daemon}.pid");

    /// <summary>Runs deploy/crimesh-node (the file as shipped, so its mode bits count) with this layout.</summary>
    public async Task<ProcessOutput> NodeAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(
            Path.Combine(RepoPaths.Deploy, "crimesh-node"),
            args,
            ScriptTimeout,
            new Dictionary<string, string> { ["CRIMESH_LAYOUT"] = LayoutPath });
        foreach (var daemon in DaemonCatalog.Names)
        {
            if (ReadPid(daemon) is { } pid)
            {
                _seenPids.Add(pid);
            }
        }
        return result;
    }

    /// <summary>The pid in the daemon's pid file, or null when there is none.</summary>
    public int? ReadPid(string daemon)
    {
        var file = PidFileOf(daemon);
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    /// <summary>True when <paramref name="pid"/> exists and is not a zombie (an exited child PID 1 has not reaped yet).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="pid"/> is alive and runs a crimesh daemon (guards against pid reuse).</summary>
    private static bool IsCrimeshDaemon(int pid)
    {
        try
        {
            return IsAlive(pid) && File.ReadAllText($"/proc/{pid}/cmdline").Contains("crimesh-", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var daemon in DaemonCatalog.Names)
        {
            if (ReadPid(daemon) is { } pid)
            {
                _seenPids.Add(pid);
            }
        }
        foreach (var pid in _seenPids.Where(IsCrimeshDaemon))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
        for (var i = 0; i < 100 && _seenPids.Any(IsCrimeshDaemon); i++)
        {
            Thread.Sleep(50);
        }
        // Daemons leave mounts in their run dir (netd's netns pin directory is a bind mount of itself).
        var root = _dir.Path + "/";
        foreach (var mountPoint in CriMesh.Linux.ProcFs.MountInfo.MountPoints().Where(m => m.StartsWith(root, StringComparison.Ordinal))
                     .OrderByDescending(m => m.Length))
        {
            CriMesh.Linux.Filesystems.Mounts.Unmount(mountPoint, detach: true);
        }
        _dir.Dispose();
    }
}

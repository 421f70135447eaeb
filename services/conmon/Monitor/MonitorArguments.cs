using CriMesh.Conmon.Runtime;

namespace CriMesh.Conmon.Monitor;

/// <summary>Everything one monitor start needs.</summary>
public sealed record MonitorRequest(
    string ContainerId,
    RuntimeHandler Handler,
    string BundlePath,
    string LogPath,
    string ExitDir,
    string AttachSocketDir,
    bool Tty,
    bool Stdin,
    bool StdinOnce);

/// <summary>
/// The conmon command line, as CRI-O builds it (internal/oci/runtime_oci.go): API version 1, the container
/// ID as both ID and UUID, the runtime with its global arguments, the bundle, pid files in the bundle, a
/// k8s-file log, the exit dir (watched with inotify), the bundle as persist dir (it receives the
/// <c>exit</c> and <c>oom</c> files), and the attach socket dir.
/// </summary>
public static class MonitorArguments
{
    /// <summary>File names inside the bundle the monitor writes.</summary>
    public const string ContainerPidFile = "pidfile";

    public const string MonitorPidFile = "conmon.pid";

    public const string MonitorLogFile = "monitor.log";

    public static IReadOnlyList<string> Build(MonitorRequest r)
    {
        var args = new List<string>
        {
            "--api-version", "1",
            "-c", r.ContainerId,
            "-u", r.ContainerId,
            "-n", r.ContainerId,
            "-r", r.Handler.RuntimePath,
            "-b", r.BundlePath,
            "-p", Path.Combine(r.BundlePath, ContainerPidFile),
            "-P", Path.Combine(r.BundlePath, MonitorPidFile),
            "-l", "k8s-file:" + r.LogPath,
            "--exit-dir", r.ExitDir,
            "--persist-dir", r.BundlePath,
            "--socket-dir-path", r.AttachSocketDir,
            "--log-level", r.Handler.MonitorLogLevel,
            "--runtime-arg", "--root=" + r.Handler.RuntimeRoot,
        };
        foreach (var extra in r.Handler.RuntimeArgs)
        {
            args.Add("--runtime-arg");
            args.Add(extra);
        }
        if (r.Tty)
        {
            args.Add("-t");
        }
        if (r.Stdin)
        {
            args.Add("-i");
            if (!r.StdinOnce)
            {
                args.Add("--leave-stdin-open");
            }
        }
        return args;
    }
}

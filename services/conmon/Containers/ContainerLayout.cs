using CriMesh.Common.Config;

namespace CriMesh.Conmon.Containers;

/// <summary>
/// Where the daemon keeps container state:
/// <code>
/// STATE_DIR/conmon/
///   records/ID.rec        one record per container (RecordStore, MessagePack, atomic writes)
///   bundles/ID/           the OCI bundle, also the monitor's persist dir and cwd:
///                         config.json, pidfile, conmon.pid, monitor.log, exit, oom, ctl (fifo), attach
///   exits/ID              written by the monitor when the container exits (watched with inotify)
/// RUN_DIR/conmon-attach/  the monitors' attach socket symlinks
/// RUN_DIR/HANDLER/        default runtime roots (runc --root)
/// </code>
/// </summary>
public sealed class ContainerLayout(NodeOptions node)
{
    public string StateDir { get; } = node.DaemonStateDir("conmon");

    public string RecordsDir => Path.Combine(StateDir, "records");

    public string BundlesDir => Path.Combine(StateDir, "bundles");

    public string ExitDir => Path.Combine(StateDir, "exits");

    public string AttachDir { get; } = Path.Combine(node.RunDir, "conmon-attach");

    public string Bundle(string id) => Path.Combine(BundlesDir, id);

    public string ExitFile(string id) => Path.Combine(ExitDir, id);

    public void CreateDirectories()
    {
        foreach (var dir in new[] { RecordsDir, BundlesDir, ExitDir, AttachDir })
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}

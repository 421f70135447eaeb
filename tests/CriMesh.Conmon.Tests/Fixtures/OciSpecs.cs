using System.Text.Json.Nodes;

namespace CriMesh.Conmon.Tests.Fixtures;

/// <summary>Hand-written minimal OCI runtime specs (the shape of `runc spec`), for the busybox root filesystem.</summary>
public static class OciSpecs
{
    private const string Template = """
        {
          "ociVersion": "1.0.2",
          "process": {
            "terminal": false,
            "user": { "uid": 0, "gid": 0 },
            "args": ["sh"],
            "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "cwd": "/",
            "capabilities": {
              "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
              "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
              "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
            },
            "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],
            "noNewPrivileges": true
          },
          "root": { "path": "rootfs", "readonly": true },
          "hostname": "conmon-test",
          "mounts": [
            { "destination": "/proc", "type": "proc", "source": "proc" },
            { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] },
            { "destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
            { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "mode=1777", "size=65536k"] },
            { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"] }
          ],
          "linux": {
            "resources": { "devices": [{ "allow": false, "access": "rwm" }] },
            "namespaces": [{ "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }],
            "maskedPaths": ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
            "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
          }
        }
        """;

    /// <summary>A spec running <paramref name="args"/> in the cgroup <paramref name="cgroupPath"/>.</summary>
    public static JsonObject Busybox(IEnumerable<string> args, string cgroupPath)
    {
        var spec = (JsonObject)JsonNode.Parse(Template)!;
        var array = new JsonArray();
        foreach (var a in args)
        {
            array.Add(a);
        }
        spec["process"]!["args"] = array;
        spec["linux"]!["cgroupsPath"] = cgroupPath;
        return spec;
    }

    /// <summary>Sets linux.resources.memory.limit (and swap to the same, so the limit is the OOM point).</summary>
    public static JsonObject WithMemoryLimit(this JsonObject spec, long bytes)
    {
        spec["linux"]!["resources"]!["memory"] = new JsonObject { ["limit"] = bytes, ["swap"] = bytes };
        return spec;
    }
}

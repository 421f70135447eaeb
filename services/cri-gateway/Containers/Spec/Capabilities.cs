using System.Globalization;
using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Containers.Spec;

/// <summary>Linux capability names (capability.h numbering) and the set a container gets by default.</summary>
public static class Capabilities
{
    /// <summary>Index = capability number.</summary>
    public static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The default set of container runtimes (the one Docker, containerd and CRI-O give).</summary>
    public static readonly string[] Default =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ];

    /// <summary>The names of the bits set in a /proc/*/status capability mask (hex).</summary>
    public static IReadOnlySet<string> FromMask(string hex)
    {
        var mask = ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var bit = 0; bit < Names.Length; bit++)
        {
            if ((mask & (1UL << bit)) != 0) set.Add(Names[bit]);
        }
        return set;
    }

    /// <summary><c>CAP_NET_ADMIN</c> for "NET_ADMIN", "net_admin" or "CAP_NET_ADMIN"; "ALL" stays "ALL".</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL") return upper;
        var full = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
        return Array.IndexOf(Names, full) >= 0 ? full : throw CriMeshException.Invalid($"unknown capability \"{name}\"");
    }
}

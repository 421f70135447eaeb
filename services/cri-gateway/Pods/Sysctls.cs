using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Pods;

/// <summary>The namespace a sysctl lives in; only namespaced sysctls may be set for a pod.</summary>
public enum SysctlNamespace
{
    None = 0,
    Ipc,
    Net,
    Uts,
}

/// <summary>
/// Which sysctls a pod may set (sysctl(8) names: dots, or slashes as kubelet also accepts): the IPC ones
/// (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*), every net.* one, and kernel.hostname/domainname.
/// Anything else reaches the whole node and is refused.
/// </summary>
public static class Sysctls
{
    private static readonly HashSet<string> IpcNames = new(StringComparer.Ordinal)
    {
        "kernel.shmmax", "kernel.shmmni", "kernel.shmall", "kernel.shm_rmid_forced",
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    };

    /// <summary>The dotted form: "net/ipv4/ip_forward" → "net.ipv4.ip_forward" (dots inside a slashed name become slashes' peers).</summary>
    public static string Normalize(string name) =>
        name.Contains('/', StringComparison.Ordinal) ? string.Join('.', name.Split('/').Select(p => p.Replace('.', '/'))) : name;

    public static SysctlNamespace Classify(string dottedName)
    {
        if (IpcNames.Contains(dottedName) || dottedName.StartsWith("fs.mqueue.", StringComparison.Ordinal))
        {
            return SysctlNamespace.Ipc;
        }
        if (dottedName.StartsWith("net.", StringComparison.Ordinal))
        {
            return SysctlNamespace.Net;
        }
        return dottedName is "kernel.hostname" or "kernel.domainname" ? SysctlNamespace.Uts : SysctlNamespace.None;
    }

    /// <summary>The file under /proc/sys: each dot a directory level (a slash inside a component stays a dot).</summary>
    public static string ProcPath(string dottedName) =>
        "/proc/sys/" + string.Join('/', dottedName.Split('.').Select(p => p.Replace('/', '.')));

    /// <summary>Checks one sysctl against the pod's namespace choices; throws InvalidArgument naming it.</summary>
    public static SysctlNamespace Validate(string name, string value, bool hostNetwork, bool hostIpc)
    {
        var dotted = Normalize(name);
        // Checked as the /proc/sys path components they become: a "net/../.." name must not climb out.
        if (dotted.Length is 0 or > 256 || dotted.Split('.').Select(p => p.Replace('/', '.')).Any(p => p.Length == 0 || p.Trim('.').Length == 0) ||
            !dotted.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
        {
            throw CriMeshException.Invalid($"sysctl \"{name}\" is not a valid sysctl name");
        }
        if (value.Length > 4096 || value.Any(c => c is '\n' or '\r' or '\0'))
        {
            throw CriMeshException.Invalid($"sysctl \"{name}\" has an invalid value");
        }
        var ns = Classify(dotted);
        return ns switch
        {
            SysctlNamespace.None => throw CriMeshException.Invalid($"sysctl \"{name}\" is not namespaced and cannot be set for a pod"),
            SysctlNamespace.Net when hostNetwork => throw CriMeshException.Invalid($"sysctl \"{name}\" needs the pod's own network namespace, but the pod uses the host network"),
            SysctlNamespace.Ipc when hostIpc => throw CriMeshException.Invalid($"sysctl \"{name}\" needs the pod's own IPC namespace, but the pod uses the host IPC namespace"),
            SysctlNamespace.Uts when hostNetwork => throw CriMeshException.Invalid($"sysctl \"{name}\" needs the pod's own UTS namespace, but the pod uses the host network"),
            _ => ns,
        };
    }
}

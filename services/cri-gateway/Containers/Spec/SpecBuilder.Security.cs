using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;

namespace CriMesh.Gateway.Containers.Spec;

public sealed partial class SpecBuilder
{
    /// <summary>Paths under /proc and /sys hidden from an unprivileged container (as containerd and CRI-O hide them).</summary>
    public static readonly string[] DefaultMaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    /// <summary>Paths under /proc an unprivileged container sees read-only.</summary>
    public static readonly string[] DefaultReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    private void BuildSecurity()
    {
        var caps = CapabilitySet();
        var ambient = security.Capabilities?.AddAmbientCapabilities.Select(Capabilities.Normalize).ToList() ?? [];
        foreach (var a in ambient.Where(a => !caps.Contains(a)))
            throw CriMeshException.Invalid($"ambient capability {a} is not in the container's capability set");
        var list = caps.OrderBy(c => Array.IndexOf(Capabilities.Names, c)).ToList();
        spec.Process.Capabilities = new OciCapabilities
        {
            Bounding = list, Effective = list, Permitted = list,
            Inheritable = ambient.Count > 0 ? ambient : null,
            Ambient = ambient.Count > 0 ? ambient : null,
        };
        if (security.Privileged)
        {
            spec.Linux.Resources.Devices = [new OciDeviceRule { Allow = true, Access = "rwm" }];
            return;
        }
        spec.Linux.MaskedPaths = security.MaskedPaths.Count > 0 ? [.. security.MaskedPaths] : [.. DefaultMaskedPaths];
        spec.Linux.ReadonlyPaths = security.ReadonlyPaths.Count > 0 ? [.. security.ReadonlyPaths] : [.. DefaultReadonlyPaths];
        spec.Linux.Resources.Devices = [new OciDeviceRule { Allow = false, Access = "rwm" }];
    }

    /// <summary>
    /// The default set (or, privileged, every capability the runtime holds), minus drops, plus adds; "ALL"
    /// means what the runtime holds. An added capability the runtime lacks is an InvalidArgument, since it
    /// could never be granted; a default one it lacks is left out.
    /// </summary>
    private HashSet<string> CapabilitySet()
    {
        if (security.Privileged) return [.. facts.HeldCapabilities];
        var set = new HashSet<string>(Capabilities.Default.Where(facts.Holds), StringComparer.Ordinal);
        var drop = security.Capabilities?.DropCapabilities.Select(Capabilities.Normalize).ToList() ?? [];
        var add = security.Capabilities?.AddCapabilities.Select(Capabilities.Normalize).ToList() ?? [];
        if (drop.Contains("ALL")) set.Clear();
        set.ExceptWith(drop);
        if (add.Contains("ALL")) set.UnionWith(facts.HeldCapabilities);
        foreach (var cap in add.Where(c => c != "ALL"))
        {
            if (!facts.Holds(cap)) throw CriMeshException.Invalid($"capability {cap} is not available to the runtime on this node");
            set.Add(cap);
        }
        return set;
    }
}

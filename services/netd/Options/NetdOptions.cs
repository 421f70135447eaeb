using CriMesh.Common.Config;

namespace CriMesh.Netd.Options;

/// <summary>The <c>[netd]</c> table of crimesh.toml.</summary>
public sealed partial record NetdOptions : IValidatedOptions, IBindableOptions<NetdOptions>
{
    /// <summary>Directories searched for CNI plugin binaries, in order. Default: <c>["/usr/lib/cni", "/opt/cni/bin"]</c>.</summary>
    public string[] CniBinDirs { get; init; } = ["/usr/lib/cni", "/opt/cni/bin"];

    /// <summary>Directory of CNI network configs; the lexically first <c>.conflist</c>/<c>.conf</c>/<c>.json</c> is used. Default: <c>/etc/cni/net.d</c>.</summary>
    public string CniConfDir { get; init; } = "/etc/cni/net.d";

    /// <summary>
    /// Deadline of one CNI plugin invocation (ADD, DEL or CHECK of one plugin of the chain); on expiry the
    /// plugin's process group is killed. Default: <c>60s</c>.
    /// </summary>
    public TimeSpan CniPluginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Interface name of the pod's network inside its namespace (CNI_IFNAME). Default: <c>eth0</c>.</summary>
    public string CniInterface { get; init; } = "eth0";

    public IEnumerable<string> Validate()
    {
        if (CniBinDirs.Length == 0)
        {
            yield return "cni_bin_dirs must name at least one directory";
        }
        foreach (var dir in CniBinDirs.Append(CniConfDir))
        {
            if (!Path.IsPathFullyQualified(dir))
            {
                yield return $"\"{dir}\" must be an absolute path";
            }
        }
        if (CniPluginTimeout <= TimeSpan.Zero)
        {
            yield return "cni_plugin_timeout must be positive";
        }
        if (CniInterface.Length is 0 or > 15 || CniInterface.Any(c => c is '/' or ':' or ' ' or '\0') || CniInterface is "." or "..")
        {
            yield return $"cni_interface \"{CniInterface}\" must be a valid interface name (1-15 characters, no '/', ':' or spaces)";
        }
    }
}

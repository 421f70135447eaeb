using CriMesh.Common.Config;

namespace CriMesh.Netd.Options;

/// <summary>The <c>[netd]</c> table of crimesh.toml.</summary>
public sealed partial record NetdOptions : IValidatedOptions, IBindableOptions<NetdOptions>
{
    /// <summary>Directories searched for CNI plugin binaries, in order. Default: <c>["/usr/lib/cni", "/opt/cni/bin"]</c>.</summary>
    public string[] CniBinDirs { get; init; } = ["/usr/lib/cni", "/opt/cni/bin"];

    /// <summary>Directory of CNI network configs; the lexically first <c>.conflist</c>/<c>.conf</c>/<c>.json</c> is used. Default: <c>/etc/cni/net.d</c>.</summary>
    public string CniConfDir { get; init; } = "/etc/cni/net.d";

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
    }
}

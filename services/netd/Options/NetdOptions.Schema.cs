using CriMesh.Common.Config;

namespace CriMesh.Netd.Options;

public sealed partial record NetdOptions
{
    /// <summary>The keys of <c>[netd]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<NetdOptions> Schema { get; } = new OptionsSchema<NetdOptions>()
        .Strings("cni_bin_dirs", o => o.CniBinDirs, (o, v) => o with { CniBinDirs = v })
        .String("cni_conf_dir", o => o.CniConfDir, (o, v) => o with { CniConfDir = v });
}

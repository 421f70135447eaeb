using CriMesh.Common.Config;

namespace CriMesh.Netd.Options;

public sealed partial record NetdOptions
{
    /// <summary>The keys of <c>[netd]</c>, in the order <c>--print-config</c> writes them.</summary>
    public static OptionsSchema<NetdOptions> Schema { get; } = new OptionsSchema<NetdOptions>()
        .Strings("cni_bin_dirs", o => o.CniBinDirs, (o, v) => o with { CniBinDirs = v })
        .String("cni_conf_dir", o => o.CniConfDir, (o, v) => o with { CniConfDir = v })
        .Duration("cni_plugin_timeout", o => o.CniPluginTimeout, (o, v) => o with { CniPluginTimeout = v })
        .String("cni_interface", o => o.CniInterface, (o, v) => o with { CniInterface = v });
}

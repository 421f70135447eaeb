using CriMesh.Netd.Options;
using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Cni;

/// <summary>
/// The network config netd uses: the lexically first <c>*.conflist</c>, <c>*.conf</c> or <c>*.json</c> in the
/// conf dir that parses (files that do not parse are skipped and named in the reason). Read on demand: each
/// call lists the dir and compares names, sizes and modification times with the last read, so a config that
/// appears, changes or goes away is seen by the next call without a restart and without a watcher that
/// could miss events (or not exist yet, when the dir itself appears later).
/// </summary>
public sealed class CniConfigSource(NetdOptions options, PluginLocator plugins, ILogger<CniConfigSource> logger)
{
    private static readonly string[] Extensions = [".conflist", ".conf", ".json"];
    private readonly Lock gate = new();
    private string? fingerprint;
    private CniConfigState? cached;

    public CniConfigState Load()
    {
        var files = CandidateFiles(out var print);
        lock (gate)
        {
            // A missing plugin may be installed without the conf dir changing: that state is never reused.
            if (cached is not null && print == fingerprint && cached.Reason != "CNIPluginMissing")
            {
                return cached;
            }
        }
        var state = Read(files);
        lock (gate)
        {
            if (cached is null || cached.Ready != state.Ready || cached.Config?.Path != state.Config?.Path || cached.Reason != state.Reason)
            {
                Log.CniConfigChanged(logger, state.Ready, state.Config?.Path ?? "", state.Reason, state.Message);
            }
            fingerprint = print;
            cached = state;
        }
        return state;
    }

    private CniConfigState Read(IReadOnlyList<FileInfo> files)
    {
        if (!Directory.Exists(options.CniConfDir))
        {
            return CniConfigState.NotReady("NoCNIConfig", $"cni config dir {options.CniConfDir} does not exist");
        }
        var problems = new List<string>();
        foreach (var file in files)
        {
            NetworkConfig config;
            try
            {
                config = NetworkConfig.Parse(file.FullName, File.ReadAllBytes(file.FullName));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                problems.Add(e is FormatException ? e.Message : $"{file.FullName}: {e.Message}");
                continue;
            }
            var missing = plugins.Missing(config);
            return missing.Count > 0
                ? CniConfigState.NotReady("CNIPluginMissing",
                    $"{config.Path}: plugin(s) {string.Join(", ", missing)} not found in {plugins.CniPath}", config)
                : CniConfigState.Usable(config);
        }
        var detail = problems.Count > 0 ? ": " + string.Join("; ", problems) : "";
        return CniConfigState.NotReady(problems.Count > 0 ? "InvalidCNIConfig" : "NoCNIConfig",
            $"no usable cni network config in {options.CniConfDir}{detail}");
    }

    private List<FileInfo> CandidateFiles(out string print)
    {
        List<FileInfo> files;
        try
        {
            files = new DirectoryInfo(options.CniConfDir).EnumerateFiles()
                .Where(f => Extensions.Contains(f.Extension, StringComparer.Ordinal))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            files = [];
        }
        print = string.Join('\n', files.Select(f => $"{f.Name}\t{f.Length}\t{f.LastWriteTimeUtc.Ticks}"));
        return files;
    }
}

using CriMesh.Common.Config;

namespace CriMesh.Conmon.Options;

/// <summary>The <c>[conmon]</c> table of crimesh.toml.</summary>
public sealed partial record ConmonOptions : IValidatedOptions, IBindableOptions<ConmonOptions>
{
    /// <summary>The OCI runtime binary. Default: <c>/usr/sbin/runc</c>.</summary>
    public string RuntimePath { get; init; } = "/usr/sbin/runc";

    /// <summary>The OCI runtime's state root (its <c>--root</c>). Default: <c>/run/crimesh/runc</c>.</summary>
    public string RuntimeRoot { get; init; } = "/run/crimesh/runc";

    /// <summary>The per-container monitor binary (Debian package conmon). Default: <c>/usr/bin/conmon</c>.</summary>
    public string MonitorPath { get; init; } = "/usr/bin/conmon";

    public IEnumerable<string> Validate()
    {
        foreach (var (key, value) in new[] { ("runtime_path", RuntimePath), ("runtime_root", RuntimeRoot), ("monitor_path", MonitorPath) })
        {
            if (!Path.IsPathFullyQualified(value))
            {
                yield return $"{key} must be an absolute path, got \"{value}\"";
            }
        }
    }
}

namespace CriMesh.Netd.Pods;

/// <summary>
/// What netd remembers of one pod network, on disk before anything is created and again once ADD
/// succeeded: enough to answer for the pod and to run DEL after a restart, a config change or a config
/// removal (the config bytes and capability arguments ADD used, and ADD's result).
/// </summary>
public sealed record PodRecord
{
    public const string StateAdding = "adding";
    public const string StateReady = "ready";

    public required string SandboxId { get; init; }

    public required string PodName { get; init; }

    public required string PodNamespace { get; init; }

    public required string PodUid { get; init; }

    /// <summary><see cref="StateAdding"/> while the namespace and ADD are in progress, <see cref="StateReady"/> after.</summary>
    public required string State { get; init; }

    public required string NetnsPath { get; init; }

    public required string IfName { get; init; }

    public required string ConfigPath { get; init; }

    public required string NetworkName { get; init; }

    /// <summary>The network config file's bytes as ADD read them (UTF-8 JSON).</summary>
    public required string ConfigJson { get; init; }

    /// <summary>The capability arguments object (see <see cref="Cni.RuntimeArgs"/>) as JSON.</summary>
    public required string RuntimeArgsJson { get; init; }

    /// <summary>The last plugin's ADD result; empty until ADD succeeded.</summary>
    public string ResultJson { get; init; } = "";

    public IReadOnlyList<string> Ips { get; init; } = [];

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public long CreatedUnixNano { get; init; }
}

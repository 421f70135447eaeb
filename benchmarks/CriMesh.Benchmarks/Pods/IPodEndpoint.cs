using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Benchmarks.Pods;

/// <summary>A CRI runtime the pod benchmark drives: started by the benchmark, reached over its Unix socket.</summary>
internal interface IPodEndpoint : IAsyncDisposable
{
    /// <summary>e.g. "CriMesh" or "containerd".</summary>
    string Name { get; }

    RuntimeService.RuntimeServiceClient Runtime { get; }

    /// <summary>The network (bridge, subnet) and cgroup parent its pods use.</summary>
    BenchNetwork Network { get; }

    /// <summary>Its processes now (name, PID), for PSS.</summary>
    IReadOnlyList<(string Name, int Pid)> Processes();
}

using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Tests.Support;

/// <summary>SetUpPod requests for test pods with fresh 64-hex sandbox IDs.</summary>
internal static class TestPods
{
    public static SetUpPodRequest Request(string name, params PortMapping[] ports) => new()
    {
        SandboxId = (Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")),
        PodName = name,
        PodNamespace = "netd-test",
        PodUid = Guid.NewGuid().ToString(),
        PortMappings = { ports },
    };
}

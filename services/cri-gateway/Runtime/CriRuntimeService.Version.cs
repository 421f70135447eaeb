using System.Reflection;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>The name kubelet and crictl show for this runtime.</summary>
    public const string RuntimeName = "crimesh";

    /// <summary>The CRI version spoken.</summary>
    public const string RuntimeApiVersion = "v1";

    /// <summary>The version string kubelet expects in <c>VersionResponse.version</c> (the kubelet API version).</summary>
    public const string KubeletApiVersion = "0.1.0";

    private static readonly string RuntimeVersion =
        typeof(CriRuntimeService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) =>
        Task.FromResult(new VersionResponse
        {
            Version = KubeletApiVersion,
            RuntimeName = RuntimeName,
            RuntimeVersion = RuntimeVersion,
            RuntimeApiVersion = RuntimeApiVersion,
        });
}

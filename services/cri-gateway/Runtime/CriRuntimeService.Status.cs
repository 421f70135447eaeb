using System.Text.Json;
using CriMesh.Common.Errors;
using CriMesh.Protos.Conmon.V1;
using CriMesh.Protos.Netd.V1;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Gateway.Runtime;

public sealed partial class CriRuntimeService
{
    /// <summary>The condition types kubelet requires (CRI: RuntimeReady, NetworkReady).</summary>
    public const string RuntimeReady = "RuntimeReady";
    public const string NetworkReady = "NetworkReady";

    /// <summary>
    /// RuntimeReady needs imaged, storaged and conmon serving and conmon's OCI runtime usable; NetworkReady
    /// needs netd serving and a usable CNI config. A peer that is down is named in the message.
    /// </summary>
    public override async Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var health = await peerHealth.CheckAllAsync(ct).ConfigureAwait(false);

        var runtimeDown = new[] { "conmon", "storaged", "imaged" }.Where(p => !health[p].Serving).ToList();
        var runtime = runtimeDown.Count > 0
            ? NotReady(RuntimeReady, "PeerUnavailable", string.Join("; ", runtimeDown.Select(p => health[p].Detail)))
            : await RuntimeConditionAsync(ct).ConfigureAwait(false);
        var network = !health["netd"].Serving
            ? NotReady(NetworkReady, "PeerUnavailable", health["netd"].Detail)
            : await NetworkConditionAsync(ct).ConfigureAwait(false);

        Log.StatusChecked(logger, runtime.Status, network.Status);
        var response = new StatusResponse { Status = new RuntimeStatus { Conditions = { runtime, network } } };
        if (request.Verbose)
        {
            response.Info.Add("peers", JsonSerializer.Serialize(
                health.Values.ToDictionary(h => h.Peer, h => h.Detail), GatewayJson.Default.DictionaryStringString));
            response.Info.Add("config", JsonSerializer.Serialize(
                new Dictionary<string, string> { ["cgroupDriver"] = CgroupDriver() }, GatewayJson.Default.DictionaryStringString));
        }
        return response;
    }

    private async Task<RuntimeCondition> RuntimeConditionAsync(CancellationToken ct)
    {
        try
        {
            var s = await conmon.GetStatusAsync(new Protos.Conmon.V1.GetStatusRequest(), cancellationToken: ct).ConfigureAwait(false);
            return s.RuntimeReady ? Ready(RuntimeReady) : NotReady(RuntimeReady, s.Reason, s.Message);
        }
        catch (CriMeshException e) when (!ct.IsCancellationRequested)
        {
            return NotReady(RuntimeReady, "PeerUnavailable", $"conmon: {e.Message}");
        }
    }

    private async Task<RuntimeCondition> NetworkConditionAsync(CancellationToken ct)
    {
        try
        {
            var s = await netd.GetStatusAsync(new Protos.Netd.V1.GetStatusRequest(), cancellationToken: ct).ConfigureAwait(false);
            return s.NetworkReady ? Ready(NetworkReady) : NotReady(NetworkReady, s.Reason, s.Message);
        }
        catch (CriMeshException e) when (!ct.IsCancellationRequested)
        {
            return NotReady(NetworkReady, "PeerUnavailable", $"netd: {e.Message}");
        }
    }

    private static RuntimeCondition Ready(string type) => new() { Type = type, Status = true };

    private static RuntimeCondition NotReady(string type, string reason, string message) =>
        new() { Type = type, Status = false, Reason = reason, Message = message };
}

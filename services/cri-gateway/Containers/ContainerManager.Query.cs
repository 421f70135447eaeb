using System.Text.Json;
using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using ConmonV1 = CriMesh.Protos.Conmon.V1;

namespace CriMesh.Gateway.Containers;

public sealed partial class ContainerManager
{
    /// <summary>ContainerStatus: NotFound for an unknown ID; verbose adds conmon's view as "info".</summary>
    public async Task<ContainerStatusResponse> StatusAsync(string containerId, bool verbose, CancellationToken ct)
    {
        var record = store.Resolve(containerId);
        var state = await TryStateAsync(record.Id, ct).ConfigureAwait(false);
        var response = new ContainerStatusResponse { Status = ContainerMapper.ToStatus(record, state) };
        if (verbose && state is not null)
        {
            response.Info["info"] = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["pid"] = state.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["monitorPid"] = state.MonitorPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["bundle"] = state.BundlePath, ["runtimeHandler"] = state.RuntimeHandler,
                ["cgroupPath"] = record.CgroupPath, ["sandboxId"] = record.SandboxId,
            }, GatewayJson.Default.DictionaryStringString);
        }
        return response;
    }

    /// <summary>ListContainers with the CRI filters: ID prefix, state, pod, label selector. Parked ones are hidden.</summary>
    public async Task<IReadOnlyList<Container>> ListAsync(ContainerFilter? filter, CancellationToken ct)
    {
        var candidates = store.All.Where(r => !r.Parked && Passes(r, filter?.Id, filter?.PodSandboxId, filter?.LabelSelector)).ToList();
        if (candidates.Count == 0) return [];
        var states = await StatesAsync(ct).ConfigureAwait(false);
        return candidates
            .Select(r => ContainerMapper.ToContainer(r, states.GetValueOrDefault(r.Id)))
            .Where(c => filter?.State is null || c.State == filter.State.State)
            .OrderBy(c => c.CreatedAt)
            .ToList();
    }

    private static bool Passes(ContainerRecord r, string? id, string? pod, IDictionary<string, string>? labels) =>
        (string.IsNullOrEmpty(id) || r.Id.StartsWith(id, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(pod) || r.SandboxId.StartsWith(pod, StringComparison.Ordinal))
        && (labels is null || ContainerMapper.Matches(r.Config.Labels, labels));

    /// <summary>conmon's state of every container, by ID.</summary>
    private async Task<Dictionary<string, ConmonV1.ContainerState>> StatesAsync(CancellationToken ct)
    {
        var list = await conmon.ListContainersAsync(new ConmonV1.ListContainersRequest(), cancellationToken: ct).ConfigureAwait(false);
        return list.Containers.ToDictionary(c => c.ContainerId, StringComparer.Ordinal);
    }

    /// <summary>conmon's state, or null when conmon does not know the container.</summary>
    private async Task<ConmonV1.ContainerState?> TryStateAsync(string id, CancellationToken ct)
    {
        try
        {
            return await StateAsync(id, ct).ConfigureAwait(false);
        }
        catch (CriMeshException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}

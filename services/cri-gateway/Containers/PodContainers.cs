using CriMesh.Gateway.Pods;

namespace CriMesh.Gateway.Containers;

/// <summary>StopPodSandbox and RemovePodSandbox reach the pod's containers through the container manager.</summary>
public sealed class PodContainers(ContainerManager containers) : IPodContainers
{
    public Task StopAllAsync(PodRecord pod, CancellationToken cancellationToken) => containers.StopPodAsync(pod.Id, cancellationToken);

    public Task RemoveAllAsync(PodRecord pod, CancellationToken cancellationToken) => containers.RemovePodAsync(pod.Id, cancellationToken);
}

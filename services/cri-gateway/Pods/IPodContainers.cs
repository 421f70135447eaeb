namespace CriMesh.Gateway.Pods;

/// <summary>
/// What stopping and removing a pod needs from the containers side: stop every container of the pod,
/// and remove them all. The container manager implements it (Containers/PodContainers).
/// </summary>
public interface IPodContainers
{
    Task StopAllAsync(PodRecord pod, CancellationToken cancellationToken);

    Task RemoveAllAsync(PodRecord pod, CancellationToken cancellationToken);
}

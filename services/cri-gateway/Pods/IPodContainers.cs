namespace CriMesh.Gateway.Pods;

/// <summary>
/// What stopping and removing a pod needs from the containers side: stop every container of the pod,
/// and remove them all. The container RPCs (their own issue) provide the implementation; until they
/// land a pod has no containers, which <see cref="NoPodContainers"/> states.
/// </summary>
public interface IPodContainers
{
    Task StopAllAsync(PodRecord pod, CancellationToken cancellationToken);

    Task RemoveAllAsync(PodRecord pod, CancellationToken cancellationToken);
}

/// <summary>The gateway before container support: pods never hold containers, so there is nothing to do.</summary>
public sealed class NoPodContainers : IPodContainers
{
    public Task StopAllAsync(PodRecord pod, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveAllAsync(PodRecord pod, CancellationToken cancellationToken) => Task.CompletedTask;
}

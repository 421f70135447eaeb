using CriMesh.Protos.Runtime.V1;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Containers;

/// <summary>A container that outgrows its memory limit is killed by the kernel and reported OOMKilled, exit 137.</summary>
[Collection(Node.NodeCollection.Name)]
public sealed class ContainerOomTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ContainerTestNode node = null!;

    public async Task InitializeAsync()
    {
        node = new ContainerTestNode(line => { try { output.WriteLine(line); } catch (InvalidOperationException) { } });
        await node.StartAsync();
        await node.PullAsync(node.BusyboxImage);
    }

    public async Task DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task MemoryHog_OverLimit_OomKilledExit137()
    {
        var (podId, pod) = await node.RunPodAsync("hog");
        // tail keeps the whole "line" of /dev/zero (it has no newline) in memory until the limit stops it.
        var config = ContainerTestNode.ContainerConfig("hog", node.BusyboxImage, "tail", "/dev/zero");
        config.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 32 << 20 } };
        var id = await node.CreateAsync(podId, pod, config);
        await node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        ContainerStatus status = null!;
        for (var i = 0; i < 300; i++)
        {
            status = (await node.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            if (status.State == ContainerState.ContainerExited) break;
            await Task.Delay(100);
        }
        Assert.Equal((ContainerState.ContainerExited, "OOMKilled", 137), (status.State, status.Reason, status.ExitCode));
        Assert.Equal(32L << 20, status.Resources.Linux.MemoryLimitInBytes);

        await node.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId });
        await node.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId });
        Assert.Empty(await node.LeftoversAsync());
    }
}

using CriMesh.Conmon.Tests.Fixtures;

namespace CriMesh.Conmon.Tests.Integration;

[Collection("conmon node")]
public sealed class OomTests(ConmonNodeFixture fixture)
{
    [Fact]
    public async Task Container_ExceedsMemoryLimit_OomKilledWith137()
    {
        var node = fixture.Node;
        // `tail` looks for a newline in /dev/zero forever, buffering everything it read.
        var request = await node.RunAsync(["tail", "/dev/zero"], spec => spec.WithMemoryLimit(16 * 1024 * 1024));
        var state = await node.WaitExitedAsync(request.ContainerId, TimeSpan.FromSeconds(60));
        Assert.Equal(137, state.ExitCode);
        Assert.True(state.OomKilled);
    }

    [Fact]
    public async Task Container_KilledWithoutOom_NotOomKilled()
    {
        var node = fixture.Node;
        // PID 1 cannot SIGKILL itself inside its namespace; the stop's SIGKILL comes from outside.
        var request = await node.RunAsync(["sleep", "1000"], spec => spec.WithMemoryLimit(64 * 1024 * 1024));
        var state = await node.Client.StopContainerAsync(new Protos.Conmon.V1.StopContainerRequest { ContainerId = request.ContainerId, TimeoutSeconds = 0 });
        Assert.Equal(137, state.ExitCode);
        Assert.False(state.OomKilled);
    }
}

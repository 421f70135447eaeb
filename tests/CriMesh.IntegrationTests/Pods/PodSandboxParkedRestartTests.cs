using CriMesh.Common.Operations;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>
/// RunPodSandbox outlives kubelet's deadline (a failpoint pauses it after the network is up), then the
/// gateway dies by SIGKILL: either once the pod was finished and parked, or while it still stood half
/// built. After the restart kubelet's retry with the same name gets the parked pod, or a fresh pod once
/// the half-built one was undone — one network either way, and removing it leaves nothing. Needs a build
/// with -p:CrimeshFailpoints=true (tools/test.sh).
/// </summary>
[Collection(Node.NodeCollection.Name)]
public sealed class PodSandboxParkedRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);
    private readonly List<string> _gatewayLines = [];
    private PodTestNode _pods = null!;
    private string _failpointDir = "";

    public async Task InitializeAsync()
    {
        _pods = new PodTestNode(Log);
        _failpointDir = _pods.Node.Dir.CreateSubdirectory("failpoints");
        await _pods.StartAsync();
    }

    public async Task DisposeAsync()
    {
        // A paused gateway must not stay blocked: release every point before the node stops.
        if (_failpointDir.Length > 0 && Directory.Exists(_failpointDir))
        {
            foreach (var reached in Directory.EnumerateFiles(_failpointDir, "*.reached"))
            {
                File.WriteAllText(Path.ChangeExtension(reached, ".release"), "");
            }
        }
        await _pods.DisposeAsync();
    }

    private void Log(string line)
    {
        if (line.StartsWith("[gateway]", StringComparison.Ordinal))
        {
            lock (_gatewayLines)
            {
                _gatewayLines.Add(line);
            }
        }
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Theory]
    [InlineData("gateway.runp.files", true)]
    [InlineData("gateway.runp.network", false)]
    public async Task Sigkill_GatewayAfterDeadlineExpired_RetryGetsOnePodWithOneNetwork(string failpoint, bool parkFirst)
    {
        Assert.True(Failpoint.Enabled, "failpoints are compiled out: build with -p:CrimeshFailpoints=true (tools/test.sh does)");
        await RestartGatewayAsync($"{failpoint}=pause");
        var request = new RunPodSandboxRequest { Config = _pods.Config("parked") };

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _pods.Runtime.RunPodSandboxAsync(request, deadline: DateTime.UtcNow.AddSeconds(1)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        await WaitForAsync(() => File.Exists(Path.Combine(_failpointDir, failpoint + ".reached")), $"failpoint {failpoint} reached");
        string? parkedId = null;
        if (parkFirst)
        {
            File.WriteAllText(Path.Combine(_failpointDir, failpoint + ".release"), "");
            await WaitForAsync(() => GatewayLogged("finished after the caller's deadline; parked"), "the pod parked");
            parkedId = Assert.Single(Directory.EnumerateDirectories(Path.Combine(_pods.Node.RunDir, "pods"))).Split('/')[^1];
        }
        Assert.Single(await _pods.LeftoversAsync(), l => l.StartsWith("lease ", StringComparison.Ordinal));

        await _pods.Node.StopAsync("gateway", signal: 9);
        await _pods.Node.StartAsync("gateway");

        var id = (await _pods.Runtime.RunPodSandboxAsync(request)).PodSandboxId;
        if (parkedId is not null)
        {
            Assert.Equal(parkedId, id);
        }
        var status = (await _pods.StatusAsync(id)).Status;
        Assert.Equal(PodSandboxState.SandboxReady, status.State);
        Assert.StartsWith(_pods.Subnet + ".", status.Network.Ip, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single((await _pods.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items).Id);
        var left = await _pods.LeftoversAsync();
        Assert.Single(left, l => l.StartsWith("lease ", StringComparison.Ordinal));
        Assert.Single(left, l => l.StartsWith("veth ", StringComparison.Ordinal));
        Assert.Single(left, l => l.StartsWith("netd record ", StringComparison.Ordinal));

        await _pods.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
        await _pods.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
        Assert.Empty(await _pods.LeftoversAsync());
    }

    private async Task RestartGatewayAsync(string failpoints)
    {
        await _pods.Node.StopAsync("gateway");
        await _pods.Node.StartAsync("gateway", new Dictionary<string, string?>
        {
            [Failpoint.Variable] = failpoints,
            [Failpoint.DirectoryVariable] = _failpointDir,
        });
    }

    private bool GatewayLogged(string text)
    {
        lock (_gatewayLines)
        {
            return _gatewayLines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {WaitLimit.TotalSeconds}s waiting for: {what}");
            await Task.Delay(50);
        }
    }
}

using CriMesh.Ctl.Tests.Fakes;

namespace CriMesh.Ctl.Tests;

// The whole tool, run in-process against fake daemons on real Unix sockets.
public sealed class CliTests : IAsyncLifetime
{
    private FakeNode _node = null!;

    public async Task InitializeAsync() => _node = await FakeNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        string[] all = ["-r", _node.RuntimeEndpoint, "--run-dir", _node.RunDir, .. args];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Cli.RunAsync(all, stdout, stderr, _ => null, new FixedTime(FixedTime.Noon), CancellationToken.None);
        return (exit, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RunAsync_Version_PrintsRuntimeIdentity()
    {
        var (exit, stdout, stderr) = await RunAsync("version");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(
            "Version:             v1\nRuntimeName:         fake\nRuntimeVersion:      0.0.1\nRuntimeApiVersion:   v1\n",
            stdout);
    }

    [Fact]
    public async Task RunAsync_VersionJson_PrintsProtobufJson()
    {
        var (exit, stdout, _) = await RunAsync("version", "-o", "json");

        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("fake", doc.RootElement.GetProperty("runtimeName").GetString());
    }

    [Fact]
    public async Task RunAsync_Info_AsksVerboseAndPrintsConditions()
    {
        var (exit, stdout, _) = await RunAsync("info");

        Assert.Equal(0, exit);
        Assert.Contains("NetworkReady   false    NoCniConfig   no network config", stdout);
        Assert.Contains("verbose:   true", stdout);
    }

    [Fact]
    public async Task RunAsync_Images_PrintsOneRowPerTag()
    {
        var (exit, stdout, _) = await RunAsync("images");

        Assert.Equal(0, exit);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("IMAGE", lines[0]);
        Assert.Contains("127.0.0.1:5000/app", lines[2]);
        Assert.Contains("latest", lines[3]);
        Assert.EndsWith("12MB", lines[3]);
    }

    [Fact]
    public async Task RunAsync_ImagesQuietWithFilter_PrintsMatchingIdOnly()
    {
        var (exit, stdout, _) = await RunAsync("images", "-q", "127.0.0.1:5000/busybox:1.36");

        Assert.Equal(0, exit);
        Assert.Equal("sha256:1111222233334444\n", stdout);
    }

    [Fact]
    public async Task RunAsync_PullWithCredsAndPodConfig_SendsThemToTheRuntime()
    {
        var podConfig = Path.Combine(_node.RunDir, "pod.json");
        await File.WriteAllTextAsync(podConfig, """{"metadata":{"name":"web","namespace":"prod","uid":"u1"}}""");

        var (exit, stdout, stderr) = await RunAsync("pull", "--creds", "puller:pa:ss", "--pod-config", podConfig, "127.0.0.1:5000/busybox:1.36");

        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Equal("Image is up to date for sha256:1111222233334444\n", stdout);
        var pull = Assert.Single(_node.Images.Pulls);
        Assert.Equal("127.0.0.1:5000/busybox:1.36", pull.Image.Image);
        Assert.Equal(("puller", "pa:ss"), (pull.Auth.Username, pull.Auth.Password));
        Assert.Equal("web", pull.SandboxConfig.Metadata.Name);
    }

    [Fact]
    public async Task RunAsync_PullWithBadPodConfig_FailsBeforeCallingTheRuntime()
    {
        var (exit, _, stderr) = await RunAsync("pull", "--pod-config", Path.Combine(_node.RunDir, "missing.json"), "busybox");

        Assert.Equal(1, exit);
        Assert.StartsWith("crimeshctl: pull: InvalidArgument: cannot read pod config ", stderr);
        Assert.Empty(_node.Images.Pulls);
    }

    [Fact]
    public async Task RunAsync_PullWithCredsAndAuth_IsUsageError()
    {
        var (exit, _, stderr) = await RunAsync("pull", "--creds", "u:p", "--auth", "dTpw", "busybox");

        Assert.Equal(2, exit);
        Assert.StartsWith("crimeshctl: --creds and --auth are exclusive\n", stderr);
        Assert.Contains("Usage: crimeshctl [GLOBAL FLAGS] pull IMAGE", stderr);
        Assert.Empty(_node.Images.Pulls);
    }

    [Fact]
    public async Task RunAsync_InspectiUnknownImage_ReportsNotFound()
    {
        var (exit, stdout, stderr) = await RunAsync("inspecti", "127.0.0.1:5000/busybox:1.36", "nope:1");

        Assert.Equal(1, exit);
        Assert.Contains("ID:", stdout);
        Assert.Equal("crimeshctl: inspecti: NotFound: no such image \"nope:1\"\n", stderr);
    }

    [Fact]
    public async Task RunAsync_RmiOneFails_RemovesTheOthersAndExitsOne()
    {
        var (exit, stdout, stderr) = await RunAsync("rmi", "a", "in-use", "b");

        Assert.Equal(1, exit);
        Assert.Equal("Deleted: a\nDeleted: b\n", stdout);
        Assert.Equal("crimeshctl: rmi: FailedPrecondition: in-use: image in-use is used by container c0ffee\n", stderr);
        Assert.Equal(["a", "b"], _node.Images.Removed);
    }

    [Fact]
    public async Task RunAsync_PodsNotImplemented_PrintsStatusAndExitsOne()
    {
        var (exit, stdout, stderr) = await RunAsync("pods");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("crimeshctl: pods: Unimplemented: ", stderr);
    }

    [Fact]
    public async Task RunAsync_PsWithoutAndWithAll_FiltersRunningOnlyByDefault()
    {
        await RunAsync("ps");
        await RunAsync("ps", "-a");

        var requests = _node.Runtime.ListContainersRequests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(Protos.Runtime.V1.ContainerState.ContainerRunning, requests[0].Filter.State.State);
        Assert.Null(requests[1].Filter);
    }

    [Fact]
    public async Task RunAsync_InspectUnknownContainer_PrintsNotFound()
    {
        var (exit, _, stderr) = await RunAsync("inspect", "missing");

        Assert.Equal(1, exit);
        Assert.Equal("crimeshctl: inspect: NotFound: container missing not found\n", stderr);
    }

    [Fact]
    public async Task RunAsync_InspectJson_PrintsVerboseStatus()
    {
        var (exit, stdout, _) = await RunAsync("-o", "json", "inspect", "c0ffee");

        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("status").GetProperty("exitCode").GetInt32());
        Assert.Equal("true", doc.RootElement.GetProperty("info").GetProperty("verbose").GetString());
    }

    [Fact]
    public async Task RunAsync_StorageLayers_TalksToStoragedSocket()
    {
        var (exit, stdout, _) = await RunAsync("storage", "layers");

        Assert.Equal(0, exit);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("CHAIN ID", lines[0]);
        Assert.StartsWith("aaaa000000000   aaaa000000000   -", lines[1]);
        Assert.Contains("1.5MB", lines[1]);
    }

    [Fact]
    public async Task RunAsync_StorageGcDryRun_AsksForDryRunAndSaysWould()
    {
        var (exit, stdout, _) = await RunAsync("storage", "gc", "--dry-run");

        Assert.Equal(0, exit);
        Assert.True(Assert.Single(_node.Storaged.Collections).DryRun);
        Assert.Equal("would remove sha256:bbbb000000000000\n1 layers would be removed, freeing 2kB\n", stdout);
    }

    [Fact]
    public async Task RunAsync_StorageFsAndInfo_PrintTables()
    {
        var fs = await RunAsync("storage", "fs");
        var info = await RunAsync("storage", "info");

        Assert.Equal(0, fs.Exit);
        Assert.Contains("/run/crimesh/rootfs/c0ffee", fs.Out);
        Assert.Equal(0, info.Exit);
        Assert.Contains("Mountpoint:   /var/lib/crimesh/storaged", info.Out);
        Assert.Contains("Capacity:     100GB", info.Out);
    }

    [Fact]
    public async Task RunAsync_CallBeyondTimeout_ReportsDeadlineExceeded()
    {
        _node.Runtime.HangVersion = true;

        var (exit, _, stderr) = await RunAsync("--timeout", "300ms", "version");

        Assert.Equal(1, exit);
        Assert.StartsWith("crimeshctl: version: DeadlineExceeded: ", stderr);
    }

    [Fact]
    public async Task RunAsync_ManyAtOnce_EachGetsItsOwnAnswer()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? RunAsync("images", "-q") : RunAsync("storage", "layers", "-o", "json")));

        for (var i = 0; i < runs.Length; i++)
        {
            Assert.Equal(0, runs[i].Exit);
            if (i % 2 == 0)
            {
                Assert.Equal("sha256:1111222233334444\nsha256:5555666677778888\n", runs[i].Out);
            }
            else
            {
                Assert.Contains("\"chainId\": \"sha256:bbbb000000000000\"", runs[i].Out);
            }
        }
    }

    [Fact]
    public async Task RunAsync_NoDaemonAtEndpoint_ReportsUnavailableNamingTheSocket()
    {
        var missing = Path.Combine(_node.RunDir, "nobody.sock");
        var stderr = new StringWriter();

        var exit = await Cli.RunAsync(["-r", "unix://" + missing, "version"], new StringWriter(), stderr, _ => null, TimeProvider.System, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal($"crimeshctl: version: Unavailable: cannot reach {missing}: no such socket (is the daemon running?)\n", stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RunAsync_EndpointFromEnvironment_IsUsedWhenNoFlag()
    {
        var stdout = new StringWriter();
        var env = new Dictionary<string, string> { ["CONTAINER_RUNTIME_ENDPOINT"] = _node.RuntimeEndpoint };

        var exit = await Cli.RunAsync(["version"], stdout, new StringWriter(), name => env.GetValueOrDefault(name), TimeProvider.System, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("fake", stdout.ToString());
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("images", "--bogus")]
    [InlineData("pull")]
    [InlineData("-o", "yaml", "version")]
    [InlineData("--timeout", "0s", "version")]
    public async Task RunAsync_UsageError_UsageOnStderrExitTwo(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await Cli.RunAsync(args, stdout, stderr, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.ToString());
        Assert.StartsWith("crimeshctl: ", stderr.ToString());
        Assert.Contains("Usage: crimeshctl", stderr.ToString());
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("images", "--help")]
    [InlineData("help", "storage", "gc")]
    public async Task RunAsync_Help_UsageOnStdoutExitZero(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await Cli.RunAsync(args, stdout, stderr, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr.ToString());
        Assert.StartsWith("Usage: crimeshctl", stdout.ToString().Split('\n').First(l => l.StartsWith("Usage", StringComparison.Ordinal)));
    }
}

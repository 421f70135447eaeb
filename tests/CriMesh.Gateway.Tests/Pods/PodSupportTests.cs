using CriMesh.Gateway.Pods;
using CriMesh.Protos.Runtime.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriMesh.Gateway.Tests.Pods;

public sealed class PodSupportTests
{
    [Fact]
    public void ParseStartTicks_CommandWithSpacesAndParens_ReadsField22()
    {
        var stat = "1234 (a (b) c) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615";

        Assert.Equal(987654UL, ProcessIdentity.ParseStartTicks(stat));
        Assert.Null(ProcessIdentity.ParseStartTicks("garbage"));
    }

    [Fact]
    public void StartTicks_ThisProcess_IsStable()
    {
        var ticks = ProcessIdentity.StartTicks(Environment.ProcessId);

        Assert.NotNull(ticks);
        Assert.True(ProcessIdentity.IsAlive(Environment.ProcessId, ticks.Value));
        Assert.False(ProcessIdentity.IsAlive(Environment.ProcessId, ticks.Value + 1));
    }

    [Theory]
    [InlineData(true, -998, -500, -500)]
    [InlineData(true, 100, -500, 100)]
    [InlineData(true, -999, -999, -999)]
    [InlineData(false, -998, -500, -998)]
    public void OomScoreAdj_Clamp_RaisesToOwnOnlyWhenEnabled(bool enabled, int requested, int own, int expected) =>
        Assert.Equal(expected, new OomScoreAdjPolicy(enabled, own, NullLogger.Instance).Clamp(requested));

    [Theory]
    [InlineData("CapEff:\t000001ffffffffff", true)]
    [InlineData("CapEff:\t000001fffeffffff", false)]
    [InlineData("CapEff:\t0000000000000000", false)]
    public void HasCapability_ReadsCapEffBit24(string line, bool expected) =>
        Assert.Equal(expected, OomScoreAdjPolicy.HasCapability(["Name:\tx", line], OomScoreAdjPolicy.CapSysResource));

    private static PodRecord Pod(string id, PodState state, params (string, string)[] labels)
    {
        var config = new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = id, Namespace = "n", Uid = "u" } };
        foreach (var (k, v) in labels)
        {
            config.Labels[k] = v;
        }
        return new PodRecord { Id = id, Config = config, State = state };
    }

    [Fact]
    public void Matches_IdPrefixStateAndLabels()
    {
        var pod = Pod("abcdef", PodState.Ready, ("app", "web"), ("tier", "front"));

        Assert.True(PodStatusMapper.Matches(pod, null));
        Assert.True(PodStatusMapper.Matches(pod, new PodSandboxFilter { Id = "abc" }));
        Assert.False(PodStatusMapper.Matches(pod, new PodSandboxFilter { Id = "abd" }));
        Assert.True(PodStatusMapper.Matches(pod, new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxReady } }));
        Assert.False(PodStatusMapper.Matches(pod, new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready } }));
        Assert.True(PodStatusMapper.Matches(pod, new PodSandboxFilter { LabelSelector = { ["app"] = "web" } }));
        Assert.False(PodStatusMapper.Matches(pod, new PodSandboxFilter { LabelSelector = { ["app"] = "web", ["tier"] = "back" } }));
    }

    [Fact]
    public void ToStatus_IpsLabelsAnnotationsAndNamespaces()
    {
        var pod = Pod("p1", PodState.Ready, ("app", "web")) with { Ips = ["10.202.0.9", "fd00::9"], RuntimeHandler = "runc", CreatedAtNs = 5 };
        pod.Config.Annotations["a"] = "b";

        var status = PodStatusMapper.ToStatus(pod);

        Assert.Equal("10.202.0.9", status.Network.Ip);
        Assert.Equal("fd00::9", Assert.Single(status.Network.AdditionalIps).Ip);
        Assert.Equal("web", status.Labels["app"]);
        Assert.Equal("b", status.Annotations["a"]);
        Assert.Equal(5, status.CreatedAt);
        Assert.Equal("runc", status.RuntimeHandler);
        Assert.Equal(NamespaceMode.Pod, status.Linux.Namespaces.Options.Network);
        Assert.Contains("\"ips\":[\"10.202.0.9\",\"fd00::9\"]", PodStatusMapper.VerboseInfo(pod, "cgroupfs"), StringComparison.Ordinal);
    }
}

public sealed class PodContextMapperTests
{
    [Fact]
    public void ToPodContext_PinsFilesCgroupAndEmptyPathsAsNull()
    {
        var config = PodValidatorTests.Valid().Config;
        var record = new PodRecord
        {
            Id = "p1",
            Config = config,
            PodDir = "/run/crimesh/pods/p1",
            NetnsPath = "/run/crimesh/netns/p1",
            UtsPath = "/run/crimesh/pods/p1/uts",
            CgroupParent = "/kubepods/pod0b7e/crimesh-p1",
            RuntimeHandler = "runc",
        };

        var pod = PodContextMapper.ToPodContext(record);

        Assert.Equal("/run/crimesh/netns/p1", pod.NetNsPath);
        Assert.Equal("/run/crimesh/pods/p1/uts", pod.UtsNsPath);
        Assert.Null(pod.IpcNsPath);
        Assert.Null(pod.PidNsPath);
        Assert.Equal("/run/crimesh/pods/p1/resolv.conf", pod.ResolvConfPath);
        Assert.Equal("web-1", pod.Hostname);
        Assert.Equal("/kubepods/pod0b7e/crimesh-p1", pod.CgroupParent);
        Assert.Equal(config.LogDirectory, pod.LogDirectory);
        Assert.Equal("runc", pod.RuntimeHandler);
    }
}

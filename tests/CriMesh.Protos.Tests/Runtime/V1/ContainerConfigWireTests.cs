using CriMesh.Protos.Runtime.V1;
using CriMesh.Protos.Tests.Wire;

namespace CriMesh.Protos.Tests.Runtime.V1;

// Bytes laid out by upstream's field numbers (k8s.io/cri-api v0.32), parsed by our generated classes.
public sealed class ContainerConfigWireTests
{
    private static byte[] UpstreamContainerConfig() => ProtoWriter.Build(w => w
        .Message(1, m => m.String(1, "app").Varint(2, 2))
        .Message(2, i => i
            .String(1, "127.0.0.1:5000/busybox@sha256:0123")
            .MapEntry(2, "io.kubernetes.cri.platform", "linux/amd64")
            .String(18, "127.0.0.1:5000/busybox:1.36")
            .String(19, "runc"))
        .String(3, "/bin/sh").String(3, "-c")
        .String(4, "echo hi").String(4, "&& sleep 3600")
        .String(5, "/work")
        .Message(6, e => e.String(1, "PATH").String(2, "/bin:/usr/bin"))
        .Message(6, e => e.String(1, "EMPTY").String(2, ""))
        .Message(7, m => m
            .String(1, "/data")
            .String(2, "/var/lib/kubelet/pods/7f3c/volumes/data")
            .Bool(3, true)
            .Bool(4, true)
            .Varint(5, 2)
            .Bool(8, true))
        .Message(7, m => m
            .String(1, "/cache")
            .String(2, "/tmp/cache")
            .Varint(5, 1))
        .Message(8, d => d.String(1, "/dev/fuse").String(2, "/dev/fuse").String(3, "rwm"))
        .MapEntry(9, "io.kubernetes.container.name", "app")
        .MapEntry(10, "io.kubernetes.container.restartCount", "2")
        .String(11, "app/2.log")
        .Bool(12, true)
        .Bool(13, true)
        .Bool(14, true)
        .Message(15, linux => linux
            .Message(1, r => r
                .Varint(1, 100000)
                .Varint(2, 50000)
                .Varint(3, 512)
                .Varint(4, 268435456)
                .Varint(5, -998)
                .String(6, "0-1")
                .String(7, "0")
                .Message(8, h => h.String(1, "2MB").UVarint(2, 4194304))
                .MapEntry(9, "memory.high", "200000000")
                .Varint(10, 536870912))
            .Message(2, sc => sc
                .Message(1, c => c.String(1, "NET_ADMIN").String(2, "ALL").String(3, "NET_BIND_SERVICE"))
                .Bool(2, false)
                .Message(3, ns => ns.Varint(2, 1))
                .Message(5, v => v.Varint(1, 65534))
                .String(6, "nobody")
                .Bool(7, true)
                .Packed(8, 44, 46)
                .Bool(11, true)
                .Message(12, v => v.Varint(1, 65533))
                .String(13, "/proc/kcore").String(13, "/proc/keys")
                .String(14, "/proc/sys")
                .Message(15, p => p.Varint(1, 0))
                .Message(16, p => p.Varint(1, 2).String(2, "crimesh-default"))
                .Varint(17, 0)))
        .Message(17, d => d.String(1, "vendor.example/gpu=gpu0")));

    [Fact]
    public void ParseFrom_UpstreamMetadataAndImage_SetsEveryField()
    {
        var config = ContainerConfig.Parser.ParseFrom(UpstreamContainerConfig());

        Assert.Equal("app", config.Metadata.Name);
        Assert.Equal(2u, config.Metadata.Attempt);
        Assert.Equal("127.0.0.1:5000/busybox@sha256:0123", config.Image.Image);
        Assert.Equal("linux/amd64", config.Image.Annotations["io.kubernetes.cri.platform"]);
        Assert.Equal("127.0.0.1:5000/busybox:1.36", config.Image.UserSpecifiedImage);
        Assert.Equal("runc", config.Image.RuntimeHandler);
    }

    [Fact]
    public void ParseFrom_UpstreamProcessFields_SetsCommandArgsDirAndEnv()
    {
        var config = ContainerConfig.Parser.ParseFrom(UpstreamContainerConfig());

        Assert.Equal(new[] { "/bin/sh", "-c" }, config.Command);
        Assert.Equal(new[] { "echo hi", "&& sleep 3600" }, config.Args);
        Assert.Equal("/work", config.WorkingDir);
        Assert.Equal(2, config.Envs.Count);
        Assert.Equal(("PATH", "/bin:/usr/bin"), (config.Envs[0].Key, config.Envs[0].Value));
        Assert.Equal(("EMPTY", ""), (config.Envs[1].Key, config.Envs[1].Value));
    }

    [Fact]
    public void ParseFrom_UpstreamMountsAndDevices_SetsEveryField()
    {
        var config = ContainerConfig.Parser.ParseFrom(UpstreamContainerConfig());

        Assert.Equal(2, config.Mounts.Count);
        var data = config.Mounts[0];
        Assert.Equal("/data", data.ContainerPath);
        Assert.Equal("/var/lib/kubelet/pods/7f3c/volumes/data", data.HostPath);
        Assert.True(data.Readonly);
        Assert.True(data.SelinuxRelabel);
        Assert.Equal(MountPropagation.PropagationBidirectional, data.Propagation);
        Assert.True(data.RecursiveReadOnly);
        var cache = config.Mounts[1];
        Assert.Equal("/cache", cache.ContainerPath);
        Assert.Equal("/tmp/cache", cache.HostPath);
        Assert.False(cache.Readonly);
        Assert.Equal(MountPropagation.PropagationHostToContainer, cache.Propagation);

        var device = Assert.Single(config.Devices);
        Assert.Equal(("/dev/fuse", "/dev/fuse", "rwm"), (device.ContainerPath, device.HostPath, device.Permissions));
        Assert.Equal("vendor.example/gpu=gpu0", Assert.Single(config.CDIDevices).Name);
    }

    [Fact]
    public void ParseFrom_UpstreamLabelsLogAndTerminal_SetsEveryField()
    {
        var config = ContainerConfig.Parser.ParseFrom(UpstreamContainerConfig());

        Assert.Equal("app", Assert.Single(config.Labels).Value);
        Assert.Equal("2", config.Annotations["io.kubernetes.container.restartCount"]);
        Assert.Equal("app/2.log", config.LogPath);
        Assert.True(config.Stdin);
        Assert.True(config.StdinOnce);
        Assert.True(config.Tty);
        Assert.Null(config.Windows);
    }

    [Fact]
    public void ParseFrom_UpstreamLinuxResources_SetsEveryFieldIncludingNegativeOomScore()
    {
        var r = ContainerConfig.Parser.ParseFrom(UpstreamContainerConfig()).Linux.Resources;

        Assert.Equal(100000, r.CpuPeriod);
        Assert.Equal(50000, r.CpuQuota);
        Assert.Equal(512, r.CpuShares);
        Assert.Equal(268435456, r.MemoryLimitInBytes);
        Assert.Equal(-998, r.OomScoreAdj);
        Assert.Equal("0-1", r.CpusetCpus);
        Assert.Equal("0", r.CpusetMems);
        var huge = Assert.Single(r.HugepageLimits);
        Assert.Equal(("2MB", 4194304UL), (huge.PageSize, huge.Limit));
        Assert.Equal("200000000", r.Unified["memory.high"]);
        Assert.Equal(536870912, r.MemorySwapLimitInBytes);
    }

    [Fact]
    public void ParseFrom_UpstreamLinuxSecurityContext_SetsEveryField()
    {
        var sc = ContainerConfig.Parser.ParseFrom(UpstreamContainerConfig()).Linux.SecurityContext;

        Assert.Equal(new[] { "NET_ADMIN" }, sc.Capabilities.AddCapabilities);
        Assert.Equal(new[] { "ALL" }, sc.Capabilities.DropCapabilities);
        Assert.Equal(new[] { "NET_BIND_SERVICE" }, sc.Capabilities.AddAmbientCapabilities);
        Assert.False(sc.Privileged);
        Assert.Equal(NamespaceMode.Container, sc.NamespaceOptions.Pid);
        Assert.Equal(NamespaceMode.Pod, sc.NamespaceOptions.Network);
        Assert.Equal(65534, sc.RunAsUser.Value);
        Assert.Equal(65533, sc.RunAsGroup.Value);
        Assert.Equal("nobody", sc.RunAsUsername);
        Assert.True(sc.ReadonlyRootfs);
        Assert.Equal(new[] { 44L, 46L }, sc.SupplementalGroups);
        Assert.True(sc.NoNewPrivs);
        Assert.Equal(new[] { "/proc/kcore", "/proc/keys" }, sc.MaskedPaths);
        Assert.Equal(new[] { "/proc/sys" }, sc.ReadonlyPaths);
        Assert.Equal(SecurityProfile.Types.ProfileType.RuntimeDefault, sc.Seccomp.ProfileType);
        Assert.Equal(SecurityProfile.Types.ProfileType.Localhost, sc.Apparmor.ProfileType);
        Assert.Equal("crimesh-default", sc.Apparmor.LocalhostRef);
        Assert.Equal(SupplementalGroupsPolicy.Merge, sc.SupplementalGroupsPolicy);
    }

    [Fact]
    public void ParseFrom_FieldFromNewerUpstream_KeepsItWhenSerializedAgain()
    {
        // A newer kubelet (1.33+) sends ContainerConfig.stop_signal = 18 (enum, SIGTERM = 23).
        // We do not model it yet; it must survive a parse/serialize round trip untouched.
        var bytes = ProtoWriter.Build(w => w
            .Message(1, m => m.String(1, "app"))
            .Varint(18, 23));

        var config = ContainerConfig.Parser.ParseFrom(bytes);

        Assert.Equal("app", config.Metadata.Name);
        Assert.Equal(bytes, Google.Protobuf.MessageExtensions.ToByteArray(config));
    }

    [Fact]
    public void ParseFrom_StringFieldWithVarintWireType_KeepsItUnknownAndLeavesFieldEmpty()
    {
        // Field 5 (working_dir) is a string; a varint under that number is a different tag, which
        // protobuf keeps as an unknown field instead of misreading it into working_dir.
        var bytes = ProtoWriter.Build(w => w.Varint(5, 1));

        var config = ContainerConfig.Parser.ParseFrom(bytes);

        Assert.Equal("", config.WorkingDir);
        Assert.Equal(bytes, Google.Protobuf.MessageExtensions.ToByteArray(config));
    }

    [Fact]
    public void ParseFrom_LengthBeyondEnd_Throws()
    {
        // working_dir claims 100 bytes but only 3 follow.
        byte[] bytes = [0x2A, 100, (byte)'/', (byte)'a', (byte)'b'];

        Assert.Throws<Google.Protobuf.InvalidProtocolBufferException>(() => ContainerConfig.Parser.ParseFrom(bytes));
    }
}

using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Tests.Containers.Spec;

/// <summary>One golden config.json per feature of the spec generator.</summary>
public sealed class SpecBuilderGoldenTests : IDisposable
{
    private readonly SpecFixture f = new();

    public void Dispose() => f.Dispose();

    private OciSpec Build(ContainerConfig config, ImageRunConfig? image = null, PodContext? pod = null, RuntimeFacts? facts = null) =>
        SpecBuilder.Build(f.Input(config, image, pod), facts ?? SpecFixture.Facts);

    private static LinuxContainerSecurityContext Sec(ContainerConfig c)
    {
        c.Linux ??= new LinuxContainerConfig();
        return c.Linux.SecurityContext ??= new LinuxContainerSecurityContext();
    }

    private static LinuxContainerResources Res(ContainerConfig c)
    {
        c.Linux ??= new LinuxContainerConfig();
        return c.Linux.Resources ??= new LinuxContainerResources();
    }

    [Fact]
    public void Build_ImageDefaults_MatchesGolden() => f.AssertGolden("defaults", Build(SpecFixture.Config()));

    [Fact]
    public void Build_CommandAndArgs_MatchesGolden() =>
        f.AssertGolden("command-args", Build(SpecFixture.Config(c => { c.Command.Add("/bin/sh"); c.Args.Add("-c"); c.Args.Add("echo hi"); })));

    [Fact]
    public void Build_EnvWorkdirUser_MatchesGolden() => f.AssertGolden("env-workdir-user", Build(SpecFixture.Config(c =>
    {
        c.Envs.Add(new KeyValue { Key = "A", Value = "container" });
        c.Envs.Add(new KeyValue { Key = "B", Value = "x=y" });
        c.WorkingDir = "/work";
        Sec(c).SupplementalGroups.Add(3000);
    }), new ImageRunConfig { Entrypoint = ["sh"], User = "app", Env = ["A=image", "PATH=/bin"], WorkingDir = "/" }));

    [Fact]
    public void Build_BindMounts_MatchesGolden() => f.AssertGolden("mounts", Build(SpecFixture.Config(c =>
    {
        c.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = f.Host + "/data", Readonly = true });
        c.Mounts.Add(new Mount { ContainerPath = "/slave", HostPath = f.Host + "/data", Propagation = MountPropagation.PropagationHostToContainer });
        c.Mounts.Add(new Mount { ContainerPath = "/shared", HostPath = f.Host + "/data", Propagation = MountPropagation.PropagationBidirectional });
        c.Mounts.Add(new Mount { ContainerPath = "/viaLink", HostPath = f.Host + "/link" });
        c.Mounts.Add(new Mount { ContainerPath = "/made", HostPath = f.Host + "/missing/dir" });
        c.Mounts.Add(new Mount { ContainerPath = "/etc/hosts", HostPath = f.Host + "/afile" });
    })));

    [Fact]
    public void Build_MissingHostPath_CreatesDirectory()
    {
        Build(SpecFixture.Config(c => c.Mounts.Add(new Mount { ContainerPath = "/made", HostPath = f.Host + "/new/one" })));
        Assert.True(Directory.Exists(f.Host + "/new/one"));
    }

    [Fact]
    public void Build_RecursiveReadOnly_MatchesGolden() => f.AssertGolden("recursive-read-only", Build(SpecFixture.Config(c =>
        c.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = f.Host + "/data", Readonly = true, RecursiveReadOnly = true })),
        facts: SpecFixture.Facts with { RecursiveReadOnlyMounts = true }));

    [Fact]
    public void Build_Device_MatchesGolden()
    {
        var spec = Build(SpecFixture.Config(c =>
        {
            c.Devices.Add(new Device { ContainerPath = "/dev/mynull", HostPath = "/dev/null", Permissions = "rw" });
            c.Devices.Add(new Device { ContainerPath = "/dev/myzero", HostPath = "/dev/zero" });
        }));
        // The owner is the host node's (it varies between machines): checked here, left out of the golden file.
        foreach (var (device, host) in spec.Linux.Devices!.Zip(new[] { "/dev/null", "/dev/zero" }))
        {
            Assert.Equal(0, CriMesh.Linux.Interop.Libc.Statx(host, 0, out var st));
            Assert.Equal((st.Uid, st.Gid), (device.Uid, device.Gid));
            (device.Uid, device.Gid) = (null, null);
        }
        f.AssertGolden("devices", spec);
    }

    [Fact]
    public void Build_TtyStdin_MatchesGolden() =>
        f.AssertGolden("tty", Build(SpecFixture.Config(c => { c.Tty = true; c.Stdin = true; c.StdinOnce = true; })));

    [Fact]
    public void Build_PodFiles_MatchesGolden() => f.AssertGolden("pod-files", Build(SpecFixture.Config(c => Sec(c).ReadonlyRootfs = true),
        pod: f.Pod(p => p with
        {
            HostsPath = "/run/crimesh/pods/pod0/hosts", ResolvConfPath = "/run/crimesh/pods/pod0/resolv.conf",
            HostnamePath = "/run/crimesh/pods/pod0/hostname", ShmPath = "/run/crimesh/pods/pod0/shm",
        })));

    [Fact]
    public void Build_PrivateUts_SetsHostname() =>
        f.AssertGolden("private-uts", Build(SpecFixture.Config(), pod: f.Pod(p => p with { UtsNsPath = null })));

    [Fact]
    public void Build_TerminationMessage_CreatesFileAndMatchesGolden()
    {
        var spec = Build(SpecFixture.Config(c => c.Annotations[SpecBuilder.TerminationMessagePathAnnotation] = "/dev/termination-log"));
        f.AssertGolden("termination-message", spec);
        Assert.True(File.Exists(Path.Combine(f.State, SpecBuilder.TerminationLogFile)));
    }

    [Fact]
    public void Build_Privileged_MatchesGolden() => f.AssertGolden("privileged", Build(SpecFixture.Config(c => Sec(c).Privileged = true)));

    [Fact]
    public void Build_CapabilitiesAddDrop_MatchesGolden() => f.AssertGolden("capabilities", Build(SpecFixture.Config(c =>
    {
        Sec(c).Capabilities = new Capability();
        Sec(c).Capabilities.DropCapabilities.Add("ALL");
        Sec(c).Capabilities.AddCapabilities.Add("NET_ADMIN");
        Sec(c).Capabilities.AddCapabilities.Add("cap_kill");
        Sec(c).Capabilities.AddAmbientCapabilities.Add("NET_ADMIN");
        Sec(c).NoNewPrivs = true;
    })));

    [Theory]
    [InlineData(NamespaceMode.Pod, "pid-pod")]
    [InlineData(NamespaceMode.Container, "pid-container")]
    [InlineData(NamespaceMode.Node, "pid-node")]
    public void Build_PidNamespaceMode_MatchesGolden(NamespaceMode mode, string golden) =>
        f.AssertGolden(golden, Build(SpecFixture.Config(c => Sec(c).NamespaceOptions = new NamespaceOption { Pid = mode }),
            pod: f.Pod(p => p with { PidNsPath = "/run/crimesh/ns/pod0/pid" })));

    [Fact]
    public void Build_HostNetwork_JoinsNoNetworkNamespace() =>
        f.AssertGolden("host-network", Build(SpecFixture.Config(), pod: f.Pod(p => p with { NetNsPath = null, UtsNsPath = null })));

    [Fact]
    public void Build_Resources_MatchesGolden() => f.AssertGolden("resources", Build(SpecFixture.Config(c =>
    {
        var r = Res(c);
        r.CpuShares = 512; r.CpuQuota = 50000; r.CpuPeriod = 100000; r.CpusetCpus = "0-1"; r.CpusetMems = "0";
        r.MemoryLimitInBytes = 64 << 20; r.OomScoreAdj = -999;
        r.HugepageLimits.Add(new HugepageLimit { PageSize = "2MB", Limit = 4 << 20 });
    }), facts: SpecFixture.Facts with { PidsLimit = 1024 }));

    [Fact]
    public void Build_SystemdDriver_MatchesGolden() => f.AssertGolden("systemd-cgroup", Build(SpecFixture.Config(),
        pod: f.Pod(p => p with { CgroupParent = "kubepods-besteffort-podUID.slice" }), facts: SpecFixture.Facts with { CgroupDriver = "systemd" }));

    [Fact]
    public void Build_UnifiedOnV2_MatchesGolden() => f.AssertGolden("unified-v2", Build(SpecFixture.Config(c =>
    {
        Res(c).Unified["memory.high"] = "100000000";
        Res(c).MemoryLimitInBytes = 128 << 20;
    }), facts: SpecFixture.Facts with { CgroupV2 = true }));

    [Fact]
    public void Build_Annotations_MatchesGolden() => f.AssertGolden("annotations", Build(SpecFixture.Config(c =>
    {
        c.Annotations["example.com/a"] = "1";
        c.Annotations[SpecBuilder.SandboxIdKey] = "spoofed";
    })));

    [Fact]
    public void Build_ImageWithoutEntrypoint_UsesCmd()
    {
        var spec = Build(SpecFixture.Config(), new ImageRunConfig { Cmd = ["sh", "-c", "true"] });
        Assert.Equal(["sh", "-c", "true"], spec.Process.Args);
    }

    [Theory]
    [InlineData(new string[0], new string[0], new[] { "/ep", "cmd" })]
    [InlineData(new[] { "/c" }, new string[0], new[] { "/c" })]
    [InlineData(new[] { "/c" }, new[] { "a" }, new[] { "/c", "a" })]
    [InlineData(new string[0], new[] { "a", "b" }, new[] { "/ep", "a", "b" })]
    public void MergeArgs_KubernetesRules(string[] command, string[] args, string[] expected) =>
        Assert.Equal(expected, SpecBuilder.MergeArgs(command, args, new ImageRunConfig { Entrypoint = ["/ep"], Cmd = ["cmd"] }));

    [Theory]
    [InlineData(-999, -500)]
    [InlineData(-500, -500)]
    [InlineData(100, 100)]
    [InlineData(1000, 1000)]
    public void ClampOomScoreAdj_WithoutSysResource_NotBelowOwn(long asked, int expected) =>
        Assert.Equal(expected, SpecBuilder.ClampOomScoreAdj(asked, SpecFixture.Facts));

    [Fact]
    public void ClampOomScoreAdj_WithSysResource_AsAsked()
    {
        var facts = SpecFixture.Facts with { HeldCapabilities = new HashSet<string>(Capabilities.Names) };
        Assert.Equal(-999, SpecBuilder.ClampOomScoreAdj(-999, facts));
    }

}

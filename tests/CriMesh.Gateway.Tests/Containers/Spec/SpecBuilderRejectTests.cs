using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Tests.Containers.Spec;

/// <summary>Bad container configs: each an InvalidArgument naming the problem.</summary>
public sealed class SpecBuilderRejectTests : IDisposable
{
    private readonly SpecFixture f = new();

    public void Dispose() => f.Dispose();

    private string Reject(Action<ContainerConfig> change, ImageRunConfig? image = null, RuntimeFacts? facts = null)
    {
        var e = Assert.Throws<CriMeshException>(() => SpecBuilder.Build(f.Input(SpecFixture.Config(change), image), facts ?? SpecFixture.Facts));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        return e.Message;
    }

    [Fact]
    public void Build_WorkingDirIsFile_Rejected() => Assert.Contains("not a directory", Reject(c => c.WorkingDir = "/etc/afile"));

    [Fact]
    public void Build_RelativeWorkingDir_Rejected() => Assert.Contains("not absolute", Reject(c => c.WorkingDir = "work"));

    [Fact]
    public void Build_MissingEntrypoint_Rejected() =>
        Assert.Contains("/nope", Reject(_ => { }, new ImageRunConfig { Entrypoint = ["/nope"] }));

    [Fact]
    public void Build_CommandNotInPath_Rejected() => Assert.Contains("not found", Reject(c => c.Command.Add("nosuch")));

    [Fact]
    public void Build_NoCommandAtAll_Rejected() => Assert.Contains("no command", Reject(_ => { }, new ImageRunConfig()));

    [Fact]
    public void Build_EntrypointSymlinkEscapingRootfs_StaysInside()
    {
        File.CreateSymbolicLink(Path.Combine(f.Rootfs, "bin/escape"), "../../../../../../bin/true");
        Assert.Contains("does not exist", Reject(c => c.Command.Add("/bin/escape")));
    }

    [Theory]
    [InlineData("relative/path", "/data")]
    [InlineData("/host/../etc", "/data")]
    [InlineData("/tmp", "data")]
    [InlineData("/tmp", "/data/../../etc")]
    public void Build_BadMountPaths_Rejected(string host, string container) =>
        Assert.Contains("absolute", Reject(c => c.Mounts.Add(new Mount { HostPath = host, ContainerPath = container })));

    [Fact]
    public void Build_MountSourceUnderFile_Rejected() =>
        Assert.Contains("cannot be created", Reject(c => c.Mounts.Add(new Mount { HostPath = f.Host + "/afile/sub", ContainerPath = "/x" })));

    [Fact]
    public void Build_RecursiveReadOnlyUnsupported_Rejected() => Assert.Contains("recursive read-only", Reject(c =>
        c.Mounts.Add(new Mount { HostPath = f.Host + "/data", ContainerPath = "/x", Readonly = true, RecursiveReadOnly = true })));

    [Fact]
    public void Build_RecursiveReadOnlyWithoutReadonly_Rejected() => Assert.Contains("needs readonly", Reject(c =>
        c.Mounts.Add(new Mount { HostPath = f.Host + "/data", ContainerPath = "/x", RecursiveReadOnly = true })));

    [Theory]
    [InlineData("/dev/nosuchdevice", "rwm", "does not exist")]
    [InlineData("/etc/hostname", "rwm", "not a character")]
    [InlineData("/dev/null", "rwx", "subset of rwm")]
    public void Build_BadDevice_Rejected(string host, string perms, string expected) => Assert.Contains(expected,
        Reject(c => c.Devices.Add(new Device { HostPath = host, ContainerPath = "/dev/d", Permissions = perms })));

    [Fact]
    public void Build_UnknownUser_Rejected() =>
        Assert.Contains("nobody-here", Reject(c => (c.Linux = new() { SecurityContext = new() }).SecurityContext.RunAsUsername = "nobody-here"));

    [Fact]
    public void Build_CapabilityNotHeld_Rejected() => Assert.Contains("CAP_SYS_RESOURCE", Reject(c =>
        (c.Linux = new() { SecurityContext = new() { Capabilities = new() } }).SecurityContext.Capabilities.AddCapabilities.Add("SYS_RESOURCE")));

    [Fact]
    public void Build_UnknownCapability_Rejected() => Assert.Contains("unknown capability", Reject(c =>
        (c.Linux = new() { SecurityContext = new() { Capabilities = new() } }).SecurityContext.Capabilities.AddCapabilities.Add("FLY")));

    [Theory]
    [InlineData(1 << 20, "", "6 MiB")]
    [InlineData(0, "0-a", "cpuset")]
    public void Build_BadResources_Rejected(long memory, string cpus, string expected) => Assert.Contains(expected,
        Reject(c => c.Linux = new() { Resources = new() { MemoryLimitInBytes = memory, CpusetCpus = cpus } }));

    [Fact]
    public void Build_UnifiedOnV1_Rejected() => Assert.Contains("cgroup v2",
        Reject(c => (c.Linux = new() { Resources = new() }).Resources.Unified["memory.high"] = "1"));

    [Fact]
    public void Build_OomScoreAdjOutOfRange_Rejected() => Assert.Contains("oom_score_adj",
        Reject(c => c.Linux = new() { Resources = new() { OomScoreAdj = 1001 } }));

    [Fact]
    public void Build_BadEnvName_Rejected() => Assert.Contains("environment", Reject(c => c.Envs.Add(new KeyValue { Key = "" })));
}

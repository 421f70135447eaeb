using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers;
using CriMesh.Protos.Runtime.V1;
using Microsoft.Extensions.Logging.Abstractions;
using ConmonV1 = CriMesh.Protos.Conmon.V1;

namespace CriMesh.Gateway.Tests.Containers;

public sealed class ContainerPiecesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("crimesh-ctr-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static ContainerRecord Record(string id = "abc123") => new()
    {
        Id = id, SandboxId = "pod1",
        Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "app", Attempt = 2 }, Labels = { ["k"] = "v" } },
        ImageId = "sha256:1", ImageName = "busybox", LogPath = "/logs/app/0.log", StateDir = "/state/abc123",
        CgroupPath = "/p/crimesh-abc123", CreatedAtNs = 42, StopSignal = 2, Uid = 1000, Gid = 1000,
    };

    [Fact]
    public void Store_PutThenLoad_RoundTrips()
    {
        var store = new ContainerStore(dir, NullLogger.Instance);
        store.Load();
        store.Put(Record() with { Parked = true, ParkedAtNs = 7 });
        var loaded = Assert.Single(new ContainerStore(dir, NullLogger.Instance).Load());
        Assert.Equal(Record() with { Parked = true, ParkedAtNs = 7, Config = loaded.Config }, loaded);
        Assert.Equal(Record().Config, loaded.Config);
    }

    [Fact]
    public void Store_CorruptRecord_MovedAsideNotFatal()
    {
        File.WriteAllBytes(Path.Combine(dir, "bad.rec"), [1, 2, 3]);
        Assert.Empty(new ContainerStore(dir, NullLogger.Instance).Load());
        Assert.True(File.Exists(Path.Combine(dir, "bad.rec.bad")));
    }

    [Fact]
    public void Store_Resolve_PrefixUniqueAmbiguousAndParked()
    {
        var store = new ContainerStore(dir, NullLogger.Instance);
        store.Load();
        store.Put(Record("aa11"));
        store.Put(Record("aa22"));
        store.Put(Record("bb33") with { Parked = true, ParkedAtNs = 1 });
        Assert.Equal("aa11", store.Resolve("aa1").Id);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<CriMeshException>(() => store.Resolve("aa")).Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<CriMeshException>(() => store.Resolve("bb33")).Kind);
        Assert.Null(store.TryResolve("zz"));
    }

    [Theory]
    [InlineData("app/0.log", "/var/log/pods/p/app/0.log")]
    [InlineData("0.log", "/var/log/pods/p/0.log")]
    [InlineData("", "")]
    public void LogPaths_Relative_JoinedToDirectory(string logPath, string expected) =>
        Assert.Equal(expected, LogPaths.Resolve("/var/log/pods/p", logPath));

    [Theory]
    [InlineData("../escape.log")]
    [InlineData("app/../../escape.log")]
    [InlineData("/etc/passwd")]
    [InlineData("app/")]
    public void LogPaths_Escaping_InvalidArgument(string logPath) =>
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<CriMeshException>(() => LogPaths.Resolve("/var/log/pods/p", logPath)).Kind);

    [Fact]
    public void LogPaths_SymlinkOutOfDirectory_InvalidArgument()
    {
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        File.CreateSymbolicLink(Path.Combine(dir, "logs", "app"), "/etc");
        var e = Assert.Throws<CriMeshException>(() => LogPaths.Resolve(Path.Combine(dir, "logs"), "app/0.log"));
        Assert.Contains("outside", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 15)]
    [InlineData("SIGTERM", 15)]
    [InlineData("sigquit", 3)]
    [InlineData("KILL", 9)]
    [InlineData("2", 2)]
    [InlineData("SIGRTMIN+3", 37)]
    public void Signals_Parse_Numbers(string text, int expected) => Assert.Equal(expected, Signals.Parse(text));

    [Fact]
    public void Signals_Unknown_InvalidArgument() => Assert.Throws<CriMeshException>(() => Signals.Parse("SIGNOPE"));

    [Theory]
    [InlineData(0, false, "Completed")]
    [InlineData(1, false, "Error")]
    [InlineData(137, true, "OOMKilled")]
    public void ToStatus_Exited_ReasonFromExit(int code, bool oom, string reason)
    {
        var state = new ConmonV1.ContainerState { Status = ConmonV1.ContainerStatus.Exited, ExitCode = code, OomKilled = oom, FinishedUnixNano = 9 };
        var status = ContainerMapper.ToStatus(Record() with { StateDir = dir }, state);
        Assert.Equal((ContainerState.ContainerExited, code, reason, 9L), (status.State, status.ExitCode, status.Reason, status.FinishedAt));
    }

    [Fact]
    public void ToStatus_TerminationMessage_ReadAndCapped()
    {
        File.WriteAllText(Path.Combine(dir, "termination-log"), new string('x', 5000));
        var state = new ConmonV1.ContainerState { Status = ConmonV1.ContainerStatus.Exited, ExitCode = 1 };
        Assert.Equal(4096, ContainerMapper.ToStatus(Record() with { StateDir = dir }, state).Message.Length);
    }

    [Fact]
    public void ToStatus_UnknownToConmon_StateUnknown() =>
        Assert.Equal(ContainerState.ContainerUnknown, ContainerMapper.ToStatus(Record(), null).State);
}

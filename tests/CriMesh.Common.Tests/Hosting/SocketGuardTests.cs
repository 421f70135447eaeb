using System.Net.Sockets;
using CriMesh.Common.Hosting;
using CriMesh.Linux.Interop;

namespace CriMesh.Common.Tests.Hosting;

public sealed class SocketGuardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-sock-").FullName;

    private string SocketPath => Path.Combine(_dir, "run", "netd.sock");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Acquire_NoSocket_CreatesRunDirAndHoldsLock()
    {
        using var guard = SocketGuard.Acquire(SocketPath);

        Assert.True(Directory.Exists(Path.GetDirectoryName(SocketPath)));
        Assert.True(File.Exists(SocketPath + ".lock"));
    }

    [Fact]
    public void Acquire_SecondInstance_IsRefused()
    {
        using var first = SocketGuard.Acquire(SocketPath);

        var e = Assert.Throws<InvalidOperationException>(() => SocketGuard.Acquire(SocketPath));

        Assert.Contains("another daemon is serving", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_AfterFirstReleased_Succeeds()
    {
        SocketGuard.Acquire(SocketPath).Dispose();

        using var second = SocketGuard.Acquire(SocketPath);

        Assert.Equal(SocketPath, second.SocketPath);
    }

    [Fact]
    public void Acquire_StaleSocketFile_IsReplaced()
    {
        MakeDeadSocket(SocketPath);
        Assert.True(Libc.IsSocket(SocketPath));

        using var guard = SocketGuard.Acquire(SocketPath);

        Assert.False(File.Exists(SocketPath));
    }

    [Fact]
    public void Acquire_LiveListenerWithoutLock_IsRefusedAndKept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(SocketPath));
        live.Listen();

        var e = Assert.Throws<InvalidOperationException>(() => SocketGuard.Acquire(SocketPath));

        Assert.Contains("live process", e.Message, StringComparison.Ordinal);
        Assert.True(Libc.IsSocket(SocketPath));
    }

    [Fact]
    public void Acquire_RegularFileAtSocketPath_IsRefusedAndKept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        File.WriteAllText(SocketPath, "precious");

        var e = Assert.Throws<InvalidOperationException>(() => SocketGuard.Acquire(SocketPath));

        Assert.Contains("not a socket", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(SocketPath));
    }

    [Fact]
    public void Acquire_SymlinkAtSocketPath_IsRefusedAndTargetKept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        var target = Path.Combine(_dir, "target");
        File.WriteAllText(target, "precious");
        File.CreateSymbolicLink(SocketPath, target);

        Assert.Throws<InvalidOperationException>(() => SocketGuard.Acquire(SocketPath));

        Assert.Equal("precious", File.ReadAllText(target));
    }

    [Fact]
    public void Dispose_RemovesSocketAndReleasesLock()
    {
        var guard = SocketGuard.Acquire(SocketPath);
        MakeDeadSocket(SocketPath);
        Assert.True(Libc.IsSocket(SocketPath));

        guard.Dispose();

        Assert.False(File.Exists(SocketPath));
        using var again = SocketGuard.Acquire(SocketPath);
    }

    /// <summary>
    /// Leaves a socket file nobody listens on, as a killed daemon does. .NET unlinks the path it bound
    /// when the socket is disposed, so bind elsewhere and move the inode into place first.
    /// </summary>
    private void MakeDeadSocket(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bound = Path.Combine(_dir, $"bound-{Guid.NewGuid():N}.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(bound));
        File.Move(bound, path);
    }
}

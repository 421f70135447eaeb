using CriMesh.Common.Errors;
using CriMesh.Common.State;

namespace CriMesh.Common.Tests.State;

public sealed class FileLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-lock-").FullName;

    private string LockPath => Path.Combine(_dir, "store.lock");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TryAcquire_ExclusiveHeld_ReturnsNull()
    {
        using var held = FileLock.TryAcquire(LockPath, exclusive: true);

        Assert.NotNull(held);
        Assert.Null(FileLock.TryAcquire(LockPath, exclusive: true));
        Assert.Null(FileLock.TryAcquire(LockPath, exclusive: false));
    }

    [Fact]
    public void TryAcquire_SharedHeld_AllowsSharedNotExclusive()
    {
        using var reader = FileLock.TryAcquire(LockPath, exclusive: false);

        using var second = FileLock.TryAcquire(LockPath, exclusive: false);
        Assert.NotNull(second);
        Assert.Null(FileLock.TryAcquire(LockPath, exclusive: true));
    }

    [Fact]
    public async Task AcquireAsync_ReleasedWhileWaiting_GetsTheLock()
    {
        var held = FileLock.TryAcquire(LockPath, exclusive: true)!;
        var waiting = FileLock.AcquireAsync(LockPath, exclusive: true, TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        held.Dispose();

        using var got = await waiting;
    }

    [Fact]
    public async Task AcquireAsync_NeverReleased_TimesOutAsDeadlineExceeded()
    {
        using var held = FileLock.TryAcquire(LockPath, exclusive: true)!;

        var e = await Assert.ThrowsAsync<CriMeshException>(() =>
            FileLock.AcquireAsync(LockPath, exclusive: true, TimeSpan.FromMilliseconds(100), CancellationToken.None));

        Assert.Equal(ErrorKind.DeadlineExceeded, e.Kind);
        Assert.Contains(LockPath, e.Message, StringComparison.Ordinal);
    }
}

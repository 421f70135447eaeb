using CriMesh.Testing;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class TempDirTests
{
    [Fact]
    public void Dispose_MountsBelow_UnmountsThenDeletes()
    {
        var dir = new TempDir();
        var path = dir.Path;
        try
        {
            var a = dir.CreateSubdirectory("a");
            var spaced = dir.CreateSubdirectory("with space");
            ChildProcess.Run("mount", ["-t", "tmpfs", "tmpfs", a], TimeSpan.FromSeconds(10));
            ChildProcess.Run("mount", ["-t", "tmpfs", "tmpfs", spaced], TimeSpan.FromSeconds(10));
            Directory.CreateDirectory(Path.Combine(a, "nested"));
            ChildProcess.Run("mount", ["-t", "tmpfs", "tmpfs", Path.Combine(a, "nested")], TimeSpan.FromSeconds(10));
            File.WriteAllText(Path.Combine(spaced, "f"), "x");
            Assert.Contains(spaced, TempDir.ReadMountPoints());

            dir.Dispose();

            Assert.DoesNotContain(TempDir.ReadMountPoints(), p => p.StartsWith(path, StringComparison.Ordinal));
            Assert.False(Directory.Exists(path));
        }
        finally
        {
            TempDir.UnmountBelow(path);
            dir.Dispose();
        }
    }

    [Fact]
    public void Constructor_Mode_AppliedElseOwnerOnly()
    {
        using var open = new TempDir(mode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var closed = new TempDir();

        Assert.Equal(CriMesh.Testing.Images.TarBuilder.Octal(755), (int)File.GetUnixFileMode(open.Path));
        Assert.Equal(CriMesh.Testing.Images.TarBuilder.Octal(700), (int)File.GetUnixFileMode(closed.Path));
    }

    [Fact]
    public void Dispose_Twice_NoError()
    {
        var dir = new TempDir();
        File.WriteAllText(dir.Combine("f"), "x");

        dir.Dispose();
        dir.Dispose();

        Assert.False(Directory.Exists(dir.Path));
    }
}

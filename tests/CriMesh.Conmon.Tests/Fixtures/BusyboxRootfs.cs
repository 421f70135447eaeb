using CriMesh.Testing;

namespace CriMesh.Conmon.Tests.Fixtures;

/// <summary>A root filesystem made from Debian's static busybox: /bin/busybox plus a symlink per applet.</summary>
public static class BusyboxRootfs
{
    public static string Create(string directory)
    {
        var bin = Directory.CreateDirectory(Path.Combine(directory, "bin")).FullName;
        foreach (var d in new[] { "proc", "dev", "sys", "tmp", "etc", "root" })
        {
            Directory.CreateDirectory(Path.Combine(directory, d));
        }
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        var applets = ChildProcess.Run("/bin/busybox", ["--list"], TimeSpan.FromSeconds(10)).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var applet in applets.Where(a => a != "busybox"))
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }
        Directory.CreateSymbolicLink(Path.Combine(directory, "sbin"), "bin");
        Directory.CreateDirectory(Path.Combine(directory, "usr"));
        Directory.CreateSymbolicLink(Path.Combine(directory, "usr", "bin"), "../bin");
        return directory;
    }
}

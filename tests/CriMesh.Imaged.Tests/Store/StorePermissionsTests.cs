using CriMesh.Linux.Interop;
using CriMesh.Protos.Imaged.V1;

namespace CriMesh.Imaged.Tests.Store;

/// <summary>imaged's store is private: directories 0700, files 0600, repaired at start; its socket is 0660 and root's.</summary>
public sealed class StorePermissionsTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private const int DirMode = 0x1C0;  // 0700
    private const int FileMode = 0x180; // 0600
    private const int SocketMode = 0x1B0; // 0660

    [Fact]
    public async Task Start_AndPull_EveryStoreEntryIsPrivate_SocketIs0660Root()
    {
        await using var host = await ImagedHost.StartAsync(registries.InsecureKeys);
        await host.Client.PullImageAsync(new PullImageRequest { Image = registries.Anonymous.Reference("multi", "oci") });

        AssertPrivate(host.StoreDir);
        Assert.Equal(0, Libc.Statx(host.SocketPath, Libc.AT_SYMLINK_NOFOLLOW, out var socket));
        Assert.Equal(SocketMode, socket.Mode & 0xFFF);
        Assert.Equal(0u, socket.Uid);
        Assert.Equal(0u, socket.Gid);
    }

    [Fact]
    public async Task Start_OnStoreWithOpenModes_RepairsEveryEntryAndKeepsImages()
    {
        string dir;
        await using (var first = await ImagedHost.StartAsync(registries.InsecureKeys))
        {
            await first.Client.PullImageAsync(new PullImageRequest { Image = registries.Anonymous.Reference("library/busybox", "latest") });
            await first.StopAsync();
            dir = first.Dir;
            // What an older imaged left: world-readable directories and files.
            File.SetUnixFileMode(first.StoreDir, (UnixFileMode)0x1ED);
            foreach (var entry in new DirectoryInfo(first.StoreDir).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            {
                entry.UnixFileMode = (UnixFileMode)(entry is DirectoryInfo ? 0x1ED : 0x1A4); // 0755 / 0644
            }
            await using var second = await ImagedHost.StartAsync(registries.InsecureKeys, dir: dir);
            AssertPrivate(second.StoreDir);
            Assert.Single((await second.Client.ListImagesAsync(new ListImagesRequest())).Images);
        }
    }

    private static void AssertPrivate(string root)
    {
        var wrong = new List<string>();
        void Check(string path, int expected)
        {
            Assert.Equal(0, Libc.Statx(path, Libc.AT_SYMLINK_NOFOLLOW, out var st));
            if ((st.Mode & 0xFFF) != expected || st.Uid != 0)
            {
                wrong.Add($"{path}: {Convert.ToString(st.Mode & 0xFFF, 8)} uid {st.Uid}");
            }
        }
        Check(root, DirMode);
        var files = 0;
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            Check(entry.FullName, entry is DirectoryInfo ? DirMode : FileMode);
            files += entry is FileInfo ? 1 : 0;
        }
        Assert.True(files >= 3, $"expected the index and blobs under {root}, found {files} files");
        Assert.Empty(wrong);
    }
}

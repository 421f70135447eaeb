using CriMesh.Gateway.Pods;

namespace CriMesh.Gateway.Tests.Pods;

public sealed class CgroupPathsTests
{
    private const string Id = "abc123";

    [Fact]
    public void PodCgroup_Cgroupfs_IsChildDirOfParent()
    {
        var cgroup = CgroupPaths.PodCgroup("/kubepods/burstable/pod1/", CgroupPaths.Cgroupfs, Id);

        Assert.Equal("/kubepods/burstable/pod1/crimesh-abc123", cgroup);
        Assert.Equal("/kubepods/burstable/pod1/crimesh-abc123", CgroupPaths.RelativeDir(cgroup, CgroupPaths.Cgroupfs));
    }

    [Fact]
    public void PodCgroup_Systemd_IsChildSliceExpandedSystemdsWay()
    {
        var cgroup = CgroupPaths.PodCgroup("kubepods-burstable-pod1.slice", CgroupPaths.Systemd, Id);

        Assert.Equal("kubepods-burstable-pod1-crimesh_abc123.slice", cgroup);
        Assert.Equal("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/kubepods-burstable-pod1-crimesh_abc123.slice",
            CgroupPaths.RelativeDir(cgroup, CgroupPaths.Systemd));
    }

    [Theory]
    [InlineData("-.slice", "/")]
    [InlineData("a.slice", "/a.slice")]
    [InlineData("a-b.slice", "/a.slice/a-b.slice")]
    public void ExpandSlice_Table(string slice, string expected) => Assert.Equal(expected, CgroupPaths.ExpandSlice(slice));

    [Fact]
    public void AbsoluteDirs_V2_OneDir()
    {
        var roots = CgroupHierarchies.Parse(["30 24 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"]);

        Assert.Equal(["/sys/fs/cgroup/k/crimesh-x"], CgroupPaths.AbsoluteDirs("/k/crimesh-x", roots));
    }

    [Fact]
    public void AbsoluteDirs_V1Hybrid_OneDirPerHierarchy()
    {
        var roots = CgroupHierarchies.Parse(
        [
            "25 24 0:22 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755",
            "26 25 0:23 / /sys/fs/cgroup/cpu rw shared:2 - cgroup cgroup rw,cpu",
            "27 25 0:24 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
            "28 25 0:25 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw",
            "29 24 0:5 / /proc rw - proc proc rw",
        ]);

        Assert.Equal(["/sys/fs/cgroup/cpu/p", "/sys/fs/cgroup/memory/p", "/sys/fs/cgroup/unified/p"], CgroupPaths.AbsoluteDirs("/p", roots));
    }
}

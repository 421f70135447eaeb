using CriMesh.Conmon.Stats;

namespace CriMesh.Conmon.Tests.Unit;

public sealed class CgroupParsersTests
{
    [Fact]
    public void V1_Files_Sample()
    {
        var s = CgroupParsers.V1(
            "123456789\n",
            "10485760\n",
            "cache 100\nrss 50\ntotal_cache 4096\ntotal_rss 8192\ntotal_inactive_file 1048576\ntotal_pgfault 77\ntotal_pgmajfault 3\n",
            "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n",
            "4\n");
        Assert.Equal(123456789UL, s.CpuUsageNano);
        Assert.Equal(10485760UL, s.MemoryUsageBytes);
        Assert.Equal(10485760UL - 1048576UL, s.MemoryWorkingSetBytes);
        Assert.Equal(8192UL, s.MemoryRssBytes);
        Assert.Equal(77UL, s.PageFaults);
        Assert.Equal(3UL, s.MajorPageFaults);
        Assert.Equal(4UL, s.Pids);
        Assert.Equal(2UL, s.OomKills);
    }

    [Fact]
    public void V2_Files_Sample()
    {
        var s = CgroupParsers.V2(
            "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n",
            "2097152\n",
            "anon 1000\nfile 5000\ninactive_file 3000000\npgfault 12\npgmajfault 1\n",
            "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n",
            "2\n");
        Assert.Equal(2_500_000UL, s.CpuUsageNano);
        Assert.Equal(2097152UL, s.MemoryUsageBytes);
        Assert.Equal(0UL, s.MemoryWorkingSetBytes); // inactive_file above usage never goes negative
        Assert.Equal(1000UL, s.MemoryRssBytes);
        Assert.Equal(12UL, s.PageFaults);
        Assert.Equal(1UL, s.MajorPageFaults);
        Assert.Equal(2UL, s.Pids);
        Assert.Equal(1UL, s.OomKills);
    }

    [Fact]
    public void Missing_Files_Zero()
    {
        var s = CgroupParsers.V2("", "max", "", "", "");
        Assert.Equal(0UL, s.MemoryUsageBytes);
        Assert.Equal(0UL, s.CpuUsageNano);
    }

    [Theory]
    [InlineData("12:pids:/a\n4:memory:/crimesh-test/x/c1\n0::/\n", false, "/crimesh-test/x/c1")]
    [InlineData("4:cpu,memory:/k/c\n", false, "/k/c")]
    [InlineData("0::/kubepods/pod1/c2\n", true, "/kubepods/pod1/c2")]
    [InlineData("garbage\n", false, "")]
    public void FromProcCgroup_Lines_Path(string text, bool v2, string expected) =>
        Assert.Equal(expected, CgroupParsers.FromProcCgroup(text, v2));
}

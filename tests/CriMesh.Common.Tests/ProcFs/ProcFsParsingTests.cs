using CriMesh.Linux.ProcFs;

namespace CriMesh.Common.Tests.ProcFs;

public sealed class ProcFsParsingTests
{
    [Theory]
    [InlineData("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue", "/mnt2")]
    [InlineData(@"40 30 0:50 / /tmp/a\040b\011c rw - tmpfs tmpfs rw", "/tmp/a b\tc")]
    [InlineData(@"40 30 0:50 / /tmp/back\134slash\012 rw - tmpfs tmpfs rw", "/tmp/back\\slash\n")]
    [InlineData("40 30 0:50 / /tmp/héllo/日本 rw - tmpfs tmpfs rw", "/tmp/héllo/日本")]
    [InlineData(@"40 30 0:50 / /tmp/😀\040x rw - tmpfs tmpfs rw", "/tmp/😀 x")]
    [InlineData(@"40 30 0:50 / /tmp/not\04escape rw - tmpfs tmpfs rw", @"/tmp/not\04escape")]
    [InlineData(@"40 30 0:50 / /tmp/end\040 rw - tmpfs tmpfs rw", "/tmp/end ")]
    public void ParseMountPoint_Line_DecodesFifthField(string line, string expected) =>
        Assert.Equal(expected, MountInfo.ParseMountPoint(line));

    [Fact]
    public void ParseMountPoint_ShortLine_IsNull() => Assert.Null(MountInfo.ParseMountPoint("36 35 98:0 /"));

    [Fact]
    public void MountPoints_ThisProcess_IncludesRoot() => Assert.Contains("/", MountInfo.MountPoints());

    [Theory]
    [InlineData("1234 (sleep) S 1 1234 1234 0 -1", 'S')]
    [InlineData("99 (we ird) (name)) Z 1 99 99 0 -1", 'Z')]
    [InlineData("7 (x)", null)]
    [InlineData("garbage", null)]
    public void ParseState_StatLine_ReadsStateAfterLastParen(string line, char? expected) =>
        Assert.Equal(expected, ProcStat.ParseState(line));

    [Fact]
    public void ParseChildren_List_IgnoresJunk() =>
        Assert.Equal([12, 345], ProcStat.ParseChildren("12 345 x -3 \n"));

    [Fact]
    public void State_Self_IsRunningOrSleeping() =>
        Assert.Contains(ProcStat.State(Environment.ProcessId), new char?[] { 'R', 'S' });
}

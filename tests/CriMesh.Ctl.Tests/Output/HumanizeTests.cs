using CriMesh.Ctl.Output;

namespace CriMesh.Ctl.Tests.Output;

public sealed class HumanizeTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1234, "1.23kB")]
    [InlineData(999_600, "1MB")]
    [InlineData(4_500_000, "4.5MB")]
    [InlineData(123_456_789, "123MB")]
    [InlineData(2_000_000_000_000, "2TB")]
    [InlineData(-1500, "-1.5kB")]
    public void Size_Bytes_ThreeSignificantDecimalUnits(double bytes, string expected)
    {
        Assert.Equal(expected, Humanize.Size(bytes));
    }

    [Fact]
    public void Size_UInt64Max_StaysInLargestUnit()
    {
        Assert.Equal("18.4EB", Humanize.Size(ulong.MaxValue));
    }

    [Theory]
    [InlineData(0.4, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(42, "42 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(5 * 60, "5 minutes")]
    [InlineData(60 * 60, "About an hour")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(21 * 86400, "3 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(3 * 365 * 86400, "3 years")]
    public void Duration_Seconds_CoarseWords(double seconds, string expected)
    {
        Assert.Equal(expected, Humanize.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Ago_CreatedFiveMinutesBefore_SaysFiveMinutesAgo()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var created = (now.AddMinutes(-5) - DateTimeOffset.UnixEpoch).Ticks * 100;

        Assert.Equal("5 minutes ago", Humanize.Ago(created, now));
    }

    [Fact]
    public void Ago_Unset_IsEmpty()
    {
        Assert.Equal("", Humanize.Ago(0, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0123", "0123456789abc")]
    [InlineData("0123456789abcdef0123", "0123456789abc")]
    [InlineData("short", "short")]
    [InlineData("", "")]
    public void ShortId_Id_StripsDigestPrefixAndCutsTo13(string id, string expected)
    {
        Assert.Equal(expected, Humanize.ShortId(id));
    }
}

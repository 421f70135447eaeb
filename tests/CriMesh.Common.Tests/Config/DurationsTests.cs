using CriMesh.Common.Config;

namespace CriMesh.Common.Tests.Config;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1500)]
    [InlineData(" 2s ", 2000)]
    public void TryParse_Valid_ReturnsDuration(string text, double ms)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("5 minutes")]
    [InlineData("1d")]
    [InlineData("-5s")]
    [InlineData("99999999999999999999h")]
    [InlineData("99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999h")]
    public void TryParse_InvalidOrOverflowing_ReturnsFalse(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(5_400_250)]
    [InlineData(30_000)]
    [InlineData(0)]
    [InlineData(4294967294)]
    public void Format_RoundTrips(double ms)
    {
        var value = TimeSpan.FromMilliseconds(ms);

        Assert.True(Durations.TryParse(Durations.Format(value), out var back));
        Assert.Equal(value, back);
    }
}

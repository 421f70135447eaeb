using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Tests.Arguments;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("3", 3_000)]
    [InlineData("0.25", 250)]
    [InlineData(" 1s ", 1_000)]
    public void Parse_GoStyleDuration_ReturnsTimeSpan(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("ten seconds")]
    [InlineData("10x")]
    [InlineData("10 s")]
    [InlineData("-5s")]
    [InlineData("0s")]
    [InlineData("0")]
    [InlineData("25h")]
    [InlineData("1..5s")]
    public void Parse_Malformed_ThrowsUsageException(string text)
    {
        Assert.Throws<UsageException>(() => Durations.Parse(text));
    }
}

using CriMesh.Common.Config;

namespace CriMesh.Common.Tests.Config;

public sealed class SizesTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("512B", 512L)]
    [InlineData("10KiB", 10240L)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData(" 64 GiB ", 64L << 30)]
    [InlineData("2TiB", 2L << 40)]
    [InlineData("8388607TiB", 8388607L << 40)]
    public void TryParse_Valid_ReturnsBytes(string text, long bytes)
    {
        Assert.True(Sizes.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("-1MiB")]
    [InlineData("1.5GiB")]
    [InlineData("1GB")]
    [InlineData("8388608TiB")]
    [InlineData("99999999999999999999")]
    public void TryParse_InvalidOrOverflowing_ReturnsFalse(string text) => Assert.False(Sizes.TryParse(text, out _));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1536L)]
    [InlineData(64L << 30)]
    [InlineData(long.MaxValue)]
    public void Format_ReadsBack(long bytes)
    {
        Assert.True(Sizes.TryParse(Sizes.Format(bytes), out var back));
        Assert.Equal(bytes, back);
    }
}

using CriMesh.Storaged.Options;

namespace CriMesh.Storaged.Tests.Options;

public sealed class StoragedOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoReasons() => Assert.Empty(new StoragedOptions().Validate());

    [Theory]
    [InlineData(0, 1, "")]
    [InlineData(65, 1, "")]
    [InlineData(2, -1, "")]
    [InlineData(2, 0, "")]
    [InlineData(2, 24 * 60 + 1, "")]
    [InlineData(2, 1, "lowerdir=/etc")]
    [InlineData(2, 1, "a,b")]
    public void Validate_BadValue_OneReason(int unpacks, int leaseMinutes, string extraOption)
    {
        var options = new StoragedOptions
        {
            MaxConcurrentUnpacks = unpacks,
            LeaseExpiry = TimeSpan.FromMinutes(leaseMinutes),
            ExtraMountOptions = extraOption.Length == 0 ? [] : [extraOption],
        };
        Assert.Single(options.Validate());
    }

    [Fact]
    public void Validate_UnpackLimitsOutOfRange_OneReasonEach()
    {
        var options = new StoragedOptions { MaxLayerBytes = 0, MaxImageBytes = 0, MaxLayerEntries = 0, MaxBytesAfterEndOfArchive = 1024 };
        var reasons = options.Validate().ToList();
        Assert.Equal(4, reasons.Count);
        Assert.Contains(reasons, r => r.StartsWith("max_bytes_after_end_of_archive must be at least 10KiB", StringComparison.Ordinal));
    }
}

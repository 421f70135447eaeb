using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Tests.Manifests;

public sealed class PlatformSelectorTests
{
    private static Descriptor Entry(char digit, string os, string arch, string variant = "") =>
        new(MediaTypes.OciManifest, Digest.Parse("sha256:" + new string(digit, 64), "t"), 1, new Platform(os, arch, variant));

    private static readonly Descriptor[] Entries =
    [
        Entry('1', "linux", "arm", "v6"),
        Entry('2', "linux", "arm", "v7"),
        Entry('3', "linux", "arm64"),
        Entry('4', "linux", "amd64"),
        Entry('5', "windows", "amd64"),
        Entry('6', "unknown", "unknown"),
    ];

    [Theory]
    [InlineData("linux", "amd64", "", '4')]
    [InlineData("linux", "arm", "v7", '2')]
    [InlineData("linux", "arm", "v6", '1')]
    [InlineData("linux", "arm64", "v8", '3')]
    [InlineData("windows", "amd64", "", '5')]
    public void Select_Platform_PicksMatchingEntry(string os, string arch, string variant, char expected)
    {
        var chosen = PlatformSelector.Select(Entries, new Platform(os, arch, variant), "x");
        Assert.Equal(new string(expected, 64), chosen.Digest.Hex);
    }

    [Fact]
    public void Select_NoMatch_ThrowsNotFoundListingWhatExists()
    {
        var e = Assert.Throws<CriMeshException>(() => PlatformSelector.Select(Entries, new Platform("linux", "s390x"), "img"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("linux/s390x", e.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm/v7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_VariantMismatch_DoesNotPickOtherVariant()
    {
        var e = Assert.Throws<CriMeshException>(() => PlatformSelector.Select([Entries[0]], new Platform("linux", "arm", "v7"), "img"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public void Host_IsLinux() => Assert.Equal("linux", PlatformSelector.Host.Os);
}

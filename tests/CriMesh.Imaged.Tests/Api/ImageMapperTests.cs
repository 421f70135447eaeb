using CriMesh.Imaged.Api;

namespace CriMesh.Imaged.Tests.Api;

public sealed class ImageMapperTests
{
    [Theory]
    [InlineData("", null, "")]
    [InlineData("0", 0L, "")]
    [InlineData("1000", 1000L, "")]
    [InlineData("1000:50", 1000L, "")]
    [InlineData("nobody", null, "nobody")]
    [InlineData("www-data:www-data", null, "www-data")]
    [InlineData(":100", null, "")]
    [InlineData("-1", null, "-1")]
    public void SplitUser_ConfigUser_GivesUidOrName(string user, long? uid, string name) =>
        Assert.Equal((uid, name), ImageMapper.SplitUser(user));
}

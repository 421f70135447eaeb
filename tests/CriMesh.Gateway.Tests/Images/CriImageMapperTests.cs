using CriMesh.Gateway.Images;
using ImagedV1 = CriMesh.Protos.Imaged.V1;

namespace CriMesh.Gateway.Tests.Images;

public sealed class CriImageMapperTests
{
    [Fact]
    public void ToCri_FullImage_CopiesEveryField()
    {
        var image = new ImagedV1.Image { Id = "sha256:abc", Size = 1234, Uid = 1000, Username = "" };
        image.RepoTags.Add("docker.io/library/busybox:1.36");
        image.RepoDigests.Add("docker.io/library/busybox@sha256:def");

        var cri = CriImageMapper.ToCri(image);

        Assert.Equal("sha256:abc", cri.Id);
        Assert.Equal(1234UL, cri.Size);
        Assert.Equal(1000, cri.Uid.Value);
        Assert.Equal(["docker.io/library/busybox:1.36"], cri.RepoTags);
        Assert.Equal(["docker.io/library/busybox@sha256:def"], cri.RepoDigests);
        Assert.Equal("sha256:abc", cri.Spec.Image);
    }

    [Fact]
    public void ToCri_UserByName_LeavesUidUnset()
    {
        var cri = CriImageMapper.ToCri(new ImagedV1.Image { Id = "sha256:abc", Size = 10, Username = "nobody" });

        Assert.Null(cri.Uid);
        Assert.Equal("nobody", cri.Username);
    }

    [Fact]
    public void ToCri_ZeroSize_IsReportedAsOne()
    {
        // kubelet reads 0 as "unknown"; an image always has at least its config.
        Assert.Equal(1UL, CriImageMapper.ToCri(new ImagedV1.Image { Id = "sha256:abc" }).Size);
    }
}

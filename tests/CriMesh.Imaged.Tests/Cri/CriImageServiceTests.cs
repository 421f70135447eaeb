using CriMesh.Protos.Runtime.V1;
using CriMesh.Testing.Images;
using Grpc.Core;
using StoragedV1 = CriMesh.Protos.Storaged.V1;

namespace CriMesh.Imaged.Tests.Cri;

/// <summary>The CRI ImageService as kubelet sees it, through the real gateway process.</summary>
public sealed class CriImageServiceTests(CriNodeFixture node) : IClassFixture<CriNodeFixture>
{
    private static ImageSpec Spec(string image) => new() { Image = image };

    [Fact]
    public async Task PullImage_ThenStatusAndList_ShowTheImageAsKubeletExpects()
    {
        var reference = node.Registry.Reference("multi", "latest");
        var pulled = await node.Cri.PullImageAsync(new PullImageRequest { Image = Spec(reference) });
        Assert.Equal(TestImages.MultiLayer().ConfigDigest, pulled.ImageRef);

        var status = await node.Cri.ImageStatusAsync(new ImageStatusRequest { Image = Spec(reference), Verbose = true });
        Assert.Equal(pulled.ImageRef, status.Image.Id);
        Assert.Equal([reference], status.Image.RepoTags);
        Assert.Single(status.Image.RepoDigests);
        Assert.True(status.Image.Size > 0);
        Assert.Equal(1000, status.Image.Uid.Value);
        Assert.Equal("", status.Image.Username);
        Assert.Contains("config", status.Info.Keys);

        var byId = await node.Cri.ImageStatusAsync(new ImageStatusRequest { Image = Spec(pulled.ImageRef) });
        Assert.Equal(pulled.ImageRef, byId.Image.Id);

        var list = await node.Cri.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = Spec(reference) } });
        Assert.Equal(pulled.ImageRef, Assert.Single(list.Images).Id);
    }

    [Fact]
    public async Task ImageStatus_Absent_IsEmptyResponseNotError()
    {
        var status = await node.Cri.ImageStatusAsync(new ImageStatusRequest { Image = Spec(node.Registry.Reference("nope", "1")) });
        Assert.Null(status.Image);
    }

    [Fact]
    public async Task ImageStatus_EmptySpec_IsInvalidArgument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await node.Cri.ImageStatusAsync(new ImageStatusRequest()));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task RemoveImage_SharedTag_ThenId_ThenAgain()
    {
        var latest = node.Registry.Reference("busybox", "latest");
        var stable = node.Registry.Reference("busybox", "stable");
        var pulled = await node.Cri.PullImageAsync(new PullImageRequest { Image = Spec(latest) });
        await node.Cri.PullImageAsync(new PullImageRequest { Image = Spec(stable) });

        await node.Cri.RemoveImageAsync(new RemoveImageRequest { Image = Spec(latest) });
        var status = await node.Cri.ImageStatusAsync(new ImageStatusRequest { Image = Spec(pulled.ImageRef) });
        Assert.Equal([stable], status.Image.RepoTags);

        await node.Cri.RemoveImageAsync(new RemoveImageRequest { Image = Spec(pulled.ImageRef) });
        Assert.Null((await node.Cri.ImageStatusAsync(new ImageStatusRequest { Image = Spec(pulled.ImageRef) })).Image);
        await node.Cri.RemoveImageAsync(new RemoveImageRequest { Image = Spec(pulled.ImageRef) });
    }

    [Fact]
    public async Task RemoveImage_UsedByContainer_IsFailedPrecondition()
    {
        var reference = node.Registry.Reference("busybox", "latest");
        var pulled = await node.Cri.PullImageAsync(new PullImageRequest { Image = Spec(reference) });
        var storaged = node.Storaged;
        await storaged.PrepareRootfsAsync(new StoragedV1.PrepareRootfsRequest { ContainerId = "cri-inuse", ImageId = pulled.ImageRef });
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await node.Cri.RemoveImageAsync(new RemoveImageRequest { Image = Spec(pulled.ImageRef) }));
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        }
        finally
        {
            await storaged.RemoveRootfsAsync(new StoragedV1.RemoveRootfsRequest { ContainerId = "cri-inuse" });
        }
    }

    [Fact]
    public async Task PullImage_WithAuthConfig_UsesIt_WrongPasswordIsUnauthenticated()
    {
        var reference = node.Private.Reference("secret/busybox", "latest");
        var e = await Assert.ThrowsAsync<RpcException>(async () => await node.Cri.PullImageAsync(new PullImageRequest
        {
            Image = Spec(reference),
            Auth = new AuthConfig { Username = CriNodeFixture.User, Password = "nope" },
        }));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        var pulled = await node.Cri.PullImageAsync(new PullImageRequest
        {
            Image = Spec(reference),
            Auth = new AuthConfig { Username = CriNodeFixture.User, Password = CriNodeFixture.Password, ServerAddress = node.Private.Host },
        });
        Assert.StartsWith("sha256:", pulled.ImageRef, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_UnknownImage_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await node.Cri.PullImageAsync(new PullImageRequest { Image = Spec(node.Registry.Reference("missing", "1")) }));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task ImageFsInfo_AfterPull_ReportsMountpointAndUsage()
    {
        await node.Cri.PullImageAsync(new PullImageRequest { Image = Spec(node.Registry.Reference("busybox", "latest")) });
        var info = await node.Cri.ImageFsInfoAsync(new ImageFsInfoRequest());
        var fs = Assert.Single(info.ImageFilesystems);
        Assert.StartsWith("/", fs.FsId.Mountpoint, StringComparison.Ordinal);
        Assert.True(fs.UsedBytes.Value > 1_000_000, $"used {fs.UsedBytes.Value}");
        Assert.True(fs.InodesUsed.Value > 10);
        Assert.True(fs.Timestamp > 0);
    }
}

using System.Collections.Concurrent;
using CriMesh.Protos.Runtime.V1;
using Grpc.Core;

namespace CriMesh.Ctl.Tests.Fakes;

/// <summary>An ImageService over a fixed list of images, recording what it was asked.</summary>
internal sealed class FakeImages : ImageService.ImageServiceBase
{
    public List<Image> Known { get; } =
    [
        new Image { Id = "sha256:1111222233334444", RepoTags = { "127.0.0.1:5000/busybox:1.36" }, Size = 4_500_000 },
        new Image { Id = "sha256:5555666677778888", RepoTags = { "127.0.0.1:5000/app:v1", "127.0.0.1:5000/app:latest" }, Size = 12_000_000 },
    ];

    public ConcurrentQueue<PullImageRequest> Pulls { get; } = new();

    public ConcurrentQueue<string> Removed { get; } = new();

    public override Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
    {
        var filter = request.Filter?.Image?.Image;
        var response = new ListImagesResponse();
        response.Images.AddRange(Known.Where(i => string.IsNullOrEmpty(filter) || i.RepoTags.Contains(filter)));
        return Task.FromResult(response);
    }

    public override Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context) =>
        Task.FromResult(new ImageStatusResponse { Image = Known.FirstOrDefault(i => i.RepoTags.Contains(request.Image.Image)) });

    public override Task<PullImageResponse> PullImage(PullImageRequest request, ServerCallContext context)
    {
        Pulls.Enqueue(request);
        return Task.FromResult(new PullImageResponse { ImageRef = "sha256:1111222233334444" });
    }

    public override Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context)
    {
        if (request.Image.Image == "in-use")
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "image in-use is used by container c0ffee"));
        }

        Removed.Enqueue(request.Image.Image);
        return Task.FromResult(new RemoveImageResponse());
    }
}

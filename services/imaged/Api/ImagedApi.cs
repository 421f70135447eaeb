using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Pull;
using CriMesh.Imaged.Registries;
using CriMesh.Imaged.Store;
using CriMesh.Protos.Imaged.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Api;

/// <summary>The gRPC skin of imaged: each call validates, delegates to the puller or the store, and maps.</summary>
public sealed class ImagedApi(
    ImagePuller puller,
    ImageStore store,
    RegistryResolver resolver,
    ILayerUnpacker unpacker,
    ILogger<ImagedApi> logger) : Protos.Imaged.V1.Imaged.ImagedBase
{
    public override async Task<PullImageResponse> PullImage(PullImageRequest request, ServerCallContext context)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Rpc"] = "PullImage", ["ImageRef"] = request.Image });
        var a = request.Auth;
        var credentials = a is null ? null : RegistryCredentials.From(a.Username, a.Password, a.Auth, a.IdentityToken, a.RegistryToken);
        var record = await puller.PullAsync(request.Image, credentials, a?.ServerAddress ?? "", context.CancellationToken).ConfigureAwait(false);
        return new PullImageResponse { ImageRef = record.Id, Image = ImageMapper.ToProto(record) };
    }

    public override Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, ServerCallContext context)
    {
        Log.Query(logger, "ImageStatus", request.Image);
        var response = new ImageStatusResponse();
        if (store.Find(request.Image, resolver) is not { } record)
        {
            return Task.FromResult(response);
        }
        response.Image = ImageMapper.ToProto(record);
        if (request.Verbose)
        {
            response.Info["config"] = ReadBlobText(record.Id);
            response.Info["manifest"] = ReadBlobText(record.ManifestDigest);
        }
        return Task.FromResult(response);
    }

    public override Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context)
    {
        Log.Query(logger, "ListImages", request.FilterImage);
        var response = new ListImagesResponse();
        if (request.FilterImage.Length > 0)
        {
            if (store.Find(request.FilterImage, resolver) is { } one)
            {
                response.Images.Add(ImageMapper.ToProto(one));
            }
            return Task.FromResult(response);
        }
        foreach (var record in store.List())
        {
            response.Images.Add(ImageMapper.ToProto(record));
        }
        return Task.FromResult(response);
    }

    public override async Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Rpc"] = "RemoveImage", ["ImageRef"] = request.Image });
        var outcome = await store.RemoveAsync(request.Image, resolver,
            (image, ct) => image.Unpacked ? unpacker.ReleaseAsync(image.Id, ct) : Task.CompletedTask,
            context.CancellationToken).ConfigureAwait(false);
        var response = new RemoveImageResponse { Found = outcome.Found };
        if (outcome.UntaggedOnly is { } tag)
        {
            response.Untagged = tag;
            Log.ImageUntagged(logger, tag, store.Find(tag, resolver)?.Id ?? "");
        }
        if (outcome.Deleted is { } deleted)
        {
            response.DeletedImageId = deleted.Id;
            Log.ImageRemoved(logger, deleted.Id, request.Image);
        }
        return response;
    }

    public override Task<ResolveReferenceResponse> ResolveReference(ResolveReferenceRequest request, ServerCallContext context)
    {
        var response = new ResolveReferenceResponse();
        var parsed = ImageReference.Parse(request.Image);
        response.Candidates.AddRange(resolver.Candidates(parsed).Select(c => c.ToString()));
        response.ImageId = store.Find(request.Image, resolver)?.Id ?? "";
        return Task.FromResult(response);
    }

    public override Task<StoreUsageResponse> StoreUsage(StoreUsageRequest request, ServerCallContext context)
    {
        var (bytes, inodes) = store.Usage();
        return Task.FromResult(new StoreUsageResponse { Path = store.Root, UsedBytes = bytes, InodesUsed = inodes });
    }

    private string ReadBlobText(string digest) =>
        Digest.TryParse(digest, out var d) && File.Exists(store.BlobPath(d)) ? System.Text.Encoding.UTF8.GetString(store.ReadBlob(d)) : "";
}

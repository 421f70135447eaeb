using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Store;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Api;

/// <summary>
/// The gRPC skin of storaged (<c>crimesh.storaged.v1</c>): each call unwraps its request, calls the store,
/// and wraps the answer. Errors are <see cref="CriMesh.Common.Errors.CriMeshException"/>s that the shared
/// interceptor maps to status codes.
/// </summary>
public sealed partial class StoragedApi(StorageHost host, ILogger<StoragedApi> logger) : Protos.Storaged.V1.Storaged.StoragedBase
{
    public override async Task<ApplyLayerResponse> ApplyLayer(ApplyLayerRequest request, ServerCallContext context)
    {
        using var scope = Scope("ApplyLayer");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var (layer, existed) = await storage.Layers.ApplyLayerAsync(request.LeaseId, request.BlobPath,
            request.MediaType, request.ParentChainId, request.DiffId, request.BlobDigest, context.CancellationToken).ConfigureAwait(false);
        return new ApplyLayerResponse { Layer = ProtoMapping.ToProto(layer, storage.Layers.References()), Existed = existed };
    }

    public override async Task<Layer> GetLayer(GetLayerRequest request, ServerCallContext context)
    {
        using var scope = Scope("GetLayer");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        return ProtoMapping.ToProto(storage.Layers.Get(request.ChainId), storage.Layers.References());
    }

    public override async Task<ListLayersResponse> ListLayers(ListLayersRequest request, ServerCallContext context)
    {
        using var scope = Scope("ListLayers");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var references = storage.Layers.References();
        var response = new ListLayersResponse();
        response.Layers.AddRange(storage.Layers.List().Select(l => ProtoMapping.ToProto(l, references)));
        return response;
    }

    public override async Task<RetainImageResponse> RetainImage(RetainImageRequest request, ServerCallContext context)
    {
        using var scope = Scope("RetainImage", imageRef: request.ImageId);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        await storage.Layers.RetainImageAsync(request.ImageId, request.TopChainId, context.CancellationToken).ConfigureAwait(false);
        return new RetainImageResponse();
    }

    public override async Task<ReleaseImageResponse> ReleaseImage(ReleaseImageRequest request, ServerCallContext context)
    {
        using var scope = Scope("ReleaseImage", imageRef: request.ImageId);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        await storage.Layers.ReleaseImageAsync(request.ImageId, context.CancellationToken).ConfigureAwait(false);
        return new ReleaseImageResponse();
    }

    public override async Task<PrepareRootfsResponse> PrepareRootfs(PrepareRootfsRequest request, ServerCallContext context)
    {
        using var scope = Scope("PrepareRootfs", request.ContainerId, request.ImageId);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var mount = await storage.Rootfs.PrepareAsync(
            request.ContainerId, request.ImageId, request.Mount, request.Labels, context.CancellationToken).ConfigureAwait(false);
        return ProtoMapping.ToProto(mount);
    }

    public override async Task<RemoveRootfsResponse> RemoveRootfs(RemoveRootfsRequest request, ServerCallContext context)
    {
        using var scope = Scope("RemoveRootfs", request.ContainerId);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        await storage.Rootfs.RemoveAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new RemoveRootfsResponse();
    }

    public override async Task<ListRootfsResponse> ListRootfs(ListRootfsRequest request, ServerCallContext context)
    {
        using var scope = Scope("ListRootfs");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new ListRootfsResponse();
        response.Filesystems.AddRange(storage.Rootfs.List().Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task<FilesystemUsage> RootfsUsage(RootfsUsageRequest request, ServerCallContext context)
    {
        using var scope = Scope("RootfsUsage", request.ContainerId);
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var (bytes, inodes, at) = storage.Rootfs.Usage(request.ContainerId);
        return ProtoMapping.Usage(bytes, inodes, at);
    }

    public override async Task<ImageFsInfoResponse> ImageFsInfo(ImageFsInfoRequest request, ServerCallContext context)
    {
        using var scope = Scope("ImageFsInfo");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var info = storage.Usage.ImageFsInfo();
        var (containerBytes, containerInodes) = storage.Rootfs.TotalUsage();
        return new ImageFsInfoResponse
        {
            Mountpoint = info.Mountpoint,
            Usage = ProtoMapping.Usage(info.UsedBytes, info.InodesUsed, info.Timestamp),
            CapacityBytes = info.CapacityBytes,
            AvailableBytes = info.AvailableBytes,
            ContainerUsage = ProtoMapping.Usage(containerBytes, containerInodes, info.Timestamp),
            StoreBytes = info.UsedBytes + containerBytes,
        };
    }

    public override async Task<GarbageCollectResponse> GarbageCollect(GarbageCollectRequest request, ServerCallContext context)
    {
        using var scope = Scope("GarbageCollect");
        var storage = await host.GetAsync(context.CancellationToken).ConfigureAwait(false);
        var result = await storage.Layers.GarbageCollectAsync(request.DryRun, context.CancellationToken).ConfigureAwait(false);
        var response = new GarbageCollectResponse { FreedBytes = result.FreedBytes };
        response.RemovedChainIds.AddRange(result.RemovedChainIds);
        return response;
    }

    /// <summary>One log scope per call: the RPC and the IDs it concerns.</summary>
    private IDisposable? Scope(string rpc, string? containerId = null, string? imageRef = null)
    {
        var state = new Dictionary<string, object> { ["Rpc"] = rpc };
        if (!string.IsNullOrEmpty(containerId))
        {
            state["ContainerId"] = containerId;
        }
        if (!string.IsNullOrEmpty(imageRef))
        {
            state["ImageRef"] = imageRef;
        }
        return logger.BeginScope(state);
    }
}

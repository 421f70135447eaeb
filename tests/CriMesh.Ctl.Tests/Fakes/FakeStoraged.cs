using System.Collections.Concurrent;
using CriMesh.Protos.Storaged.V1;
using Grpc.Core;

namespace CriMesh.Ctl.Tests.Fakes;

/// <summary>A storaged with two layers and one root filesystem, recording GC requests.</summary>
internal sealed class FakeStoraged : Storaged.StoragedBase
{
    public ConcurrentQueue<GarbageCollectRequest> Collections { get; } = new();

    public override Task<ListLayersResponse> ListLayers(ListLayersRequest request, ServerCallContext context) =>
        Task.FromResult(new ListLayersResponse
        {
            Layers =
            {
                new Layer { ChainId = "sha256:aaaa000000000000", DiffId = "sha256:aaaa000000000000", Size = 1_500_000, References = 1 },
                new Layer { ChainId = "sha256:bbbb000000000000", DiffId = "sha256:cccc000000000000", ParentChainId = "sha256:aaaa000000000000", Size = 2000, References = 0 },
            },
        });

    public override Task<ListRootfsResponse> ListRootfs(ListRootfsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListRootfsResponse
        {
            Filesystems = { new Rootfs { ContainerId = "c0ffee", ImageId = "sha256:1111222233334444", Mounted = true, MountPoint = "/run/crimesh/rootfs/c0ffee" } },
        });

    public override Task<GarbageCollectResponse> GarbageCollect(GarbageCollectRequest request, ServerCallContext context)
    {
        Collections.Enqueue(request);
        return Task.FromResult(new GarbageCollectResponse { RemovedChainIds = { "sha256:bbbb000000000000" }, FreedBytes = 2000 });
    }

    public override Task<ImageFsInfoResponse> ImageFsInfo(ImageFsInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new ImageFsInfoResponse
        {
            Mountpoint = "/var/lib/crimesh/storaged",
            Usage = new FilesystemUsage { UsedBytes = 1_502_000, InodesUsed = 42 },
            CapacityBytes = 100_000_000_000,
            AvailableBytes = 60_000_000_000,
        });
}

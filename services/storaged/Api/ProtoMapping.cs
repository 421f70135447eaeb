using CriMesh.Protos.Storaged.V1;
using CriMesh.Storaged.Rootfs;
using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Api;

/// <summary>Store records to wire messages.</summary>
internal static class ProtoMapping
{
    public static Layer ToProto(UnpackedLayerRecord layer, IReadOnlyDictionary<string, int> references) => new()
    {
        ChainId = layer.ChainId,
        DiffId = layer.DiffId,
        ParentChainId = layer.ParentChainId,
        Size = layer.Size,
        References = references.GetValueOrDefault(layer.ChainId),
        CreatedUnixNano = layer.CreatedUnixNano,
    };

    public static PrepareRootfsResponse ToProto(RootfsMount mount)
    {
        var proto = new Mount { Type = mount.Type, Source = mount.Source };
        proto.Options.AddRange(mount.Options);
        return new PrepareRootfsResponse { Mount = proto, MountPoint = mount.MountPoint };
    }

    public static Protos.Storaged.V1.Rootfs ToProto(RootfsInfo info)
    {
        var proto = new Protos.Storaged.V1.Rootfs
        {
            ContainerId = info.Record.ContainerId,
            ImageId = info.Record.ImageId,
            MountPoint = info.MountPoint,
            Mounted = info.Mounted,
            CreatedUnixNano = info.Record.CreatedUnixNano,
        };
        foreach (var (key, value) in info.Record.Labels)
        {
            proto.Labels[key] = value;
        }
        return proto;
    }

    public static FilesystemUsage Usage(long bytes, long inodes, DateTimeOffset at) => new()
    {
        UsedBytes = bytes,
        InodesUsed = inodes,
        TimestampUnixNano = (at - DateTimeOffset.UnixEpoch).Ticks * 100,
    };

    public static Lease ToProto(LeaseRecord lease)
    {
        var proto = new Lease { Id = lease.Id, ExpiresUnixNano = lease.ExpiresUnixNano };
        proto.ChainIds.AddRange(lease.ChainIds);
        return proto;
    }
}

namespace CriMesh.Storaged.Store;

/// <summary>What ImageFsInfo reports: the layer store's use of its filesystem.</summary>
public sealed record ImageFsUsage(
    string Mountpoint, long UsedBytes, long InodesUsed, long CapacityBytes, long AvailableBytes, DateTimeOffset Timestamp);

using CriMesh.Storaged.Store;

namespace CriMesh.Storaged.Rootfs;

/// <summary>A container filesystem as listed: its record and whether it is mounted now.</summary>
public sealed record RootfsInfo(RootfsRecord Record, string MountPoint, bool Mounted);

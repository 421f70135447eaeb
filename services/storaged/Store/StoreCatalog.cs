using System.Collections.Concurrent;
using CriMesh.Common.Errors;
using CriMesh.Common.State;
using CriMesh.Storaged.Options;
using Microsoft.Extensions.Logging;

namespace CriMesh.Storaged.Store;

/// <summary>
/// One open store: its layout, its lock, and an in-memory copy of the records on disk. The disk is the
/// truth; the copy is rebuilt by the reconciler (Recovery/) at open and changed only under the lock,
/// after the disk was, so readers (List, Get, usage) take no lock.
/// </summary>
public sealed class StoreCatalog : IDisposable
{
    private StoreCatalog(StoreLayout layout, StoragedOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        Layout = layout;
        Options = options;
        Time = time;
        Loggers = loggers;
        layout.Create();
        Lock = new StoreLock(layout.LockFile);
    }

    public StoreLayout Layout { get; }

    public StoragedOptions Options { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory Loggers { get; }

    public StoreLock Lock { get; }

    public ConcurrentDictionary<string, UnpackedLayerRecord> Layers { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ImageHoldRecord> Images { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, RootfsRecord> Rootfs { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, LeaseRecord> Leases { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="root"/> with empty records; the caller loads
    /// them (see Recovery.StoreReconciler) before anyone reads.
    /// </summary>
    public static StoreCatalog Open(string root, StoragedOptions options, TimeProvider time, ILoggerFactory loggers) =>
        new(new StoreLayout(root), options, time, loggers);

    public long NowUnixNano() => (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>The chain from <paramref name="top"/> down to its base layer; NotFound when a layer is missing.</summary>
    public List<UnpackedLayerRecord> Chain(string top)
    {
        var chain = new List<UnpackedLayerRecord>();
        for (var id = top; id.Length > 0;)
        {
            if (!Layers.TryGetValue(id, out var layer))
            {
                throw CriMeshException.NotFound(id == top ? $"layer {id} not found" : $"layer {id} (below {top}) not found");
            }
            if (chain.Count > 4096)
            {
                throw new CriMeshException(ErrorKind.Internal, $"layer chain below {top} is longer than 4096");
            }
            chain.Add(layer);
            id = layer.ParentChainId;
        }
        return chain;
    }

    public void Dispose() => Lock.Dispose();
}

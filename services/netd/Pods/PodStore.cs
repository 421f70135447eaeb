using CriMesh.Common.Config;
using CriMesh.Common.State;
using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Pods;

/// <summary>
/// The pod network records in the shared <see cref="RecordStore{T}"/> (one atomic, versioned checkpoint per
/// pod, owned by this process while it runs):
/// <code>
/// STATE_DIR/netd/pods/&lt;sandbox_id&gt;.rec     a PodRecord (see PodRecordFormatter)
/// </code>
/// </summary>
public sealed class PodStore(NodeOptions node, ILogger<PodStore> logger) : IDisposable
{
    private readonly RecordStore<PodRecord> store = new(
        Path.Combine(node.DaemonStateDir("netd"), "pods"), PodRecordFormatter.SchemaVersion, PodRecordFormatter.Instance, r => r.SandboxId, logger);

    public IReadOnlyList<PodRecord> LoadAll() => store.LoadAll();

    public PodRecord? Get(string sandboxId) => store.Get(sandboxId);

    public IReadOnlyList<PodRecord> All() => store.All.ToList();

    public void Put(PodRecord record) => store.Put(record);

    public bool Delete(string sandboxId) => store.Delete(sandboxId);

    public void Dispose() => store.Dispose();
}

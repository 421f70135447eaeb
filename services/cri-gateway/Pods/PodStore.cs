using CriMesh.Common.Errors;
using CriMesh.Common.State;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// The pod records (STATE_DIR/gateway/pods, one RecordStore file per pod) and the names they hold.
/// A name is reserved before any work starts and stays taken by its pod until the pod is removed, so
/// two RunPodSandbox calls with one name never make two pods.
/// <code>
/// STATE_DIR/gateway/pods/ID(.rec)   the pod record (RecordStore layout)
/// RUN_DIR/pods/ID/                  ipc, uts, pid pins; hostname, resolv.conf, hosts
/// </code>
/// </summary>
public sealed class PodStore
{
    public const int SchemaVersion = 1;

    private readonly RecordStore<PodRecord> _records;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public PodStore(string directory)
    {
        _records = new RecordStore<PodRecord>(directory, SchemaVersion, PodRecordFormatter.Instance, r => r.Id);
    }

    /// <summary>Loads every record and takes their names; returns them for reconciliation.</summary>
    public IReadOnlyList<PodRecord> Load()
    {
        var all = _records.LoadAll();
        lock (_lock)
        {
            foreach (var r in all)
            {
                _names[r.NameKey] = r.Id;
            }
        }
        return all;
    }

    /// <summary>Takes <paramref name="nameKey"/> for <paramref name="id"/>; AlreadyExists naming the holder when taken.</summary>
    public void Reserve(string nameKey, string id)
    {
        lock (_lock)
        {
            if (_names.TryGetValue(nameKey, out var holder))
            {
                throw new CriMeshException(ErrorKind.AlreadyExists, $"pod name {nameKey} is already reserved by pod {holder}");
            }
            _names[nameKey] = id;
        }
    }

    /// <summary>The pod holding a name, if any.</summary>
    public string? Holder(string nameKey)
    {
        lock (_lock)
        {
            return _names.GetValueOrDefault(nameKey);
        }
    }

    /// <summary>Frees a name if <paramref name="id"/> still holds it.</summary>
    public void Release(string nameKey, string id)
    {
        lock (_lock)
        {
            if (_names.TryGetValue(nameKey, out var holder) && holder == id)
            {
                _names.Remove(nameKey);
            }
        }
    }

    public void Put(PodRecord record) => _records.Put(record);

    public PodRecord? Get(string id) => _records.Get(id);

    public bool Delete(string id) => _records.Delete(id);

    public IReadOnlyCollection<PodRecord> All => _records.All;

    /// <summary>
    /// The pod an ID names: the full ID, or a prefix matching exactly one pod (as crictl allows).
    /// NotFound when none matches; InvalidArgument when a prefix is ambiguous.
    /// </summary>
    public PodRecord Resolve(string idOrPrefix)
    {
        if (TryResolve(idOrPrefix, out var record, out var error))
        {
            return record!;
        }
        throw error!;
    }

    public bool TryResolve(string idOrPrefix, out PodRecord? record, out CriMeshException? error)
    {
        record = idOrPrefix.Length == 0 ? null : Get(idOrPrefix);
        error = null;
        if (record is not null)
        {
            return true;
        }
        var matches = idOrPrefix.Length == 0 ? [] : All.Where(r => r.Id.StartsWith(idOrPrefix, StringComparison.Ordinal)).Take(2).ToList();
        if (matches.Count == 1)
        {
            record = matches[0];
            return true;
        }
        error = matches.Count == 0
            ? CriMeshException.NotFound($"pod sandbox \"{PodValidator.Printable(idOrPrefix)}\" not found")
            : CriMeshException.Invalid($"pod sandbox ID prefix \"{idOrPrefix}\" matches more than one pod");
        return false;
    }
}

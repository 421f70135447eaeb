using System.Text.Json;
using CriMesh.Common.Config;
using CriMesh.Common.State;
using CriMesh.Linux.Interop;
using Microsoft.Extensions.Logging;

namespace CriMesh.Netd.Pods;

/// <summary>
/// The pod network records, one file each, written atomically (tmp + fsync + rename):
/// <code>
/// STATE_DIR/netd/pods/&lt;sandbox_id&gt;.json     a PodRecord (snake_case JSON)
/// </code>
/// One lock guards the in-memory index and every write. A file that does not parse at start is moved
/// aside (<c>.corrupt</c>) and logged, never fatal.
/// </summary>
public sealed class PodStore(NodeOptions node, ILogger<PodStore> logger)
{
    private readonly string dir = Path.Combine(node.DaemonStateDir("netd"), "pods");
    private readonly Lock gate = new();
    private readonly Dictionary<string, PodRecord> records = new(StringComparer.Ordinal);

    public IReadOnlyList<PodRecord> LoadAll()
    {
        Directory.CreateDirectory(dir);
        AtomicFile.CleanTemporaries(dir);
        lock (gate)
        {
            records.Clear();
            foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
            {
                try
                {
                    var record = JsonSerializer.Deserialize(File.ReadAllBytes(file), PodRecordJsonContext.Default.PodRecord);
                    if (record is null || record.SandboxId + ".json" != Path.GetFileName(file))
                    {
                        throw new JsonException("record does not match its file name");
                    }
                    records[record.SandboxId] = record;
                }
                catch (JsonException e)
                {
                    Log.RecordCorrupt(logger, file, e.Message);
                    File.Move(file, file + ".corrupt", overwrite: true);
                }
            }
            return records.Values.ToList();
        }
    }

    public PodRecord? Get(string sandboxId)
    {
        lock (gate)
        {
            return records.GetValueOrDefault(sandboxId);
        }
    }

    public IReadOnlyList<PodRecord> All()
    {
        lock (gate)
        {
            return records.Values.ToList();
        }
    }

    public void Put(PodRecord record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, PodRecordJsonContext.Default.PodRecord);
        lock (gate)
        {
            AtomicFile.WriteAllBytes(Path.Combine(dir, record.SandboxId + ".json"), bytes);
            records[record.SandboxId] = record;
        }
    }

    public bool Delete(string sandboxId)
    {
        lock (gate)
        {
            File.Delete(Path.Combine(dir, sandboxId + ".json"));
            Libc.FsyncDirectory(dir);
            return records.Remove(sandboxId);
        }
    }
}

using CriMesh.Common.Operations;
using CriMesh.Protos.Runtime.V1;
using NetdV1 = CriMesh.Protos.Netd.V1;

namespace CriMesh.Gateway.Pods;

public sealed partial class PodSandboxManager
{
    /// <summary>
    /// Builds the pod step by step; every step registers its undo before the next begins, and a failure
    /// anywhere undoes all of them (with a fresh token) so nothing is left: no record, name, netns, IP,
    /// cgroup, pin or file. A failpoint guards each step in test builds.
    /// </summary>
    private async Task<PodRecord> CreateAsync(RunPodSandboxRequest request, string id, string key, CancellationToken ct)
    {
        var config = request.Config;
        await using var undo = new UndoStack(_logger);
        undo.Push("name", () => _store.Release(key, id));
        Failpoint.Hit("gateway.runp.reserve");

        var record = NewRecord(request, id);
        _store.Put(record);
        undo.Push("record", () => _store.Delete(id));
        Failpoint.Hit("gateway.runp.record");

        Directory.CreateDirectory(record.PodDir);
        undo.Push("pod dir", () => DeletePodDir(record.PodDir));
        Failpoint.Hit("gateway.runp.poddir");

        record = CreateCgroup(record, undo);
        Failpoint.Hit("gateway.runp.cgroup");

        record = await SetUpNetworkAsync(record, undo, ct).ConfigureAwait(false);
        Failpoint.Hit("gateway.runp.network");

        record = await PinNamespacesAsync(record, undo).ConfigureAwait(false);
        Failpoint.Hit("gateway.runp.namespaces");

        record = await StartInfraAsync(record, undo, ct).ConfigureAwait(false);
        Failpoint.Hit("gateway.runp.infra");

        WriteFiles(record);
        Failpoint.Hit("gateway.runp.files");

        record = record with { State = PodState.Ready };
        _store.Put(record);
        Failpoint.Hit("gateway.runp.commit");
        undo.Commit();
        Log.PodCreated(_logger, id, key, string.Join(",", record.Ips));
        return record;
    }

    private PodRecord NewRecord(RunPodSandboxRequest request, string id)
    {
        var parent = request.Config.Linux?.CgroupParent ?? "";
        return new PodRecord
        {
            Id = id,
            Config = request.Config,
            RuntimeHandler = request.RuntimeHandler,
            State = PodState.Creating,
            CreatedAtNs = NowNs(),
            PodDir = Path.Combine(RunDir, id),
            CgroupParent = parent.Length == 0 ? "" : CgroupPaths.PodCgroup(parent, CgroupDriver, id),
        };
    }

    private PodRecord CreateCgroup(PodRecord record, UndoStack undo)
    {
        if (record.CgroupParent.Length == 0)
        {
            return record;
        }
        var created = PodCgroups.Create(CgroupPaths.RelativeDir(record.CgroupParent, CgroupDriver), CgroupHierarchies.Roots);
        undo.Push("cgroup", () => PodCgroups.Remove(created));
        record = record with { CgroupDirs = created };
        _store.Put(record);
        return record;
    }

    private async Task<PodRecord> SetUpNetworkAsync(PodRecord record, UndoStack undo, CancellationToken ct)
    {
        if (record.HostNetwork)
        {
            return record;
        }
        undo.Push("network", async undoCt => await _netd.TearDownPodAsync(
            new NetdV1.TearDownPodRequest { SandboxId = record.Id }, cancellationToken: undoCt).ConfigureAwait(false));
        var reply = await _netd.SetUpPodAsync(NetworkRequest(record), cancellationToken: ct).ConfigureAwait(false);
        record = record with { NetnsPath = reply.Network.NetnsPath, Ips = [.. reply.Network.Ips] };
        _store.Put(record);
        var netSysctls = SysctlsOf(record, SysctlNamespace.Net);
        await PodNamespaces.SetNetSysctlsAsync(record.NetnsPath, netSysctls).ConfigureAwait(false);
        return record;
    }

    private static NetdV1.SetUpPodRequest NetworkRequest(PodRecord record)
    {
        var c = record.Config;
        var request = new NetdV1.SetUpPodRequest
        {
            SandboxId = record.Id,
            PodName = c.Metadata.Name,
            PodNamespace = c.Metadata.Namespace,
            PodUid = c.Metadata.Uid,
            CgroupParent = record.CgroupParent,
        };
        request.Annotations.Add(c.Annotations);
        foreach (var p in c.PortMappings.Where(p => p.HostPort > 0))
        {
            request.PortMappings.Add(new NetdV1.PortMapping
            {
                Protocol = p.Protocol.ToString().ToLowerInvariant(),
                ContainerPort = p.ContainerPort,
                HostPort = p.HostPort,
                HostIp = p.HostIp,
            });
        }
        if (c.DnsConfig is { } dns)
        {
            request.Dns = new NetdV1.DnsConfig { Servers = { dns.Servers }, Searches = { dns.Searches }, Options = { dns.Options } };
        }
        return request;
    }

    private async Task<PodRecord> PinNamespacesAsync(PodRecord record, UndoStack undo)
    {
        var ipc = record.NamespaceOptions.Ipc != NamespaceMode.Node;
        var uts = !record.HostNetwork;
        var sysctls = SysctlsOf(record, SysctlNamespace.Ipc).Concat(SysctlsOf(record, SysctlNamespace.Uts)).ToList();
        var pins = await PodNamespaces.PinAsync(record.PodDir, ipc, uts, PodValidator.EffectiveHostname(record.Config), sysctls).ConfigureAwait(false);
        undo.Push("namespaces", () =>
        {
            PodNamespaces.Unpin(pins.IpcPath);
            PodNamespaces.Unpin(pins.UtsPath);
        });
        return record with { IpcPath = pins.IpcPath, UtsPath = pins.UtsPath };
    }

    private async Task<PodRecord> StartInfraAsync(PodRecord record, UndoStack undo, CancellationToken ct)
    {
        if (record.NamespaceOptions.Pid != NamespaceMode.Pod)
        {
            return record;
        }
        var infra = await InfraProcess.StartAsync(_options.EffectiveInfraBinary(), record.PodDir, Oom, ct).ConfigureAwait(false);
        undo.Push("infra", async _ =>
        {
            await InfraProcess.StopAsync(infra.Pid, infra.StartTicks).ConfigureAwait(false);
            PodNamespaces.Unpin(infra.PidNsPath);
        });
        record = record with { InfraPid = infra.Pid, InfraStartTicks = infra.StartTicks, PidPath = infra.PidNsPath };
        _store.Put(record);
        if (record.CgroupParent.Length > 0)
        {
            PodCgroups.AddProcess(CgroupPaths.RelativeDir(record.CgroupParent, CgroupDriver), CgroupHierarchies.Roots, infra.Pid);
        }
        return record;
    }

    private void WriteFiles(PodRecord record)
    {
        var hostname = record.HostNetwork && record.Config.Hostname.Length == 0
            ? File.ReadAllText("/proc/sys/kernel/hostname").Trim()
            : PodValidator.EffectiveHostname(record.Config);
        var resolv = PodFiles.RenderResolvConf(record.Config.DnsConfig, () => File.ReadAllText(_options.HostResolvConf));
        PodFiles.Write(record.PodDir, hostname, resolv, PodFiles.RenderHosts(hostname, record.Ips));
    }

    private static List<(string Name, string Value)> SysctlsOf(PodRecord record, SysctlNamespace ns) =>
        (record.Config.Linux?.Sysctls ?? [])
            .Where(s => Sysctls.Classify(Sysctls.Normalize(s.Key)) == ns)
            .Select(s => (s.Key, s.Value))
            .ToList();

    private static void DeletePodDir(string podDir)
    {
        if (Directory.Exists(podDir))
        {
            Directory.Delete(podDir, recursive: true);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CriMesh.Common.Errors;
using CriMesh.Protos.Netd.V1;

namespace CriMesh.Netd.Pods;

/// <summary>A validated SetUpPod request: identity of the pod and its capability arguments.</summary>
public sealed partial record PodSetup(string SandboxId, string PodName, string PodNamespace, string PodUid, JsonObject RuntimeArgs,
    IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>A sandbox ID names a file and is a CNI container ID: letters, digits, '_', '.', '-', not starting with '.' or '-'.</summary>
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex SandboxIdPattern();

    public static string ValidateSandboxId(string sandboxId) =>
        SandboxIdPattern().IsMatch(sandboxId)
            ? sandboxId
            : throw CriMeshException.Invalid(sandboxId.Length == 0
                ? "sandbox_id is required"
                : $"sandbox_id \"{Shown(sandboxId)}\" is invalid: 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");

    public static PodSetup From(SetUpPodRequest request)
    {
        var id = ValidateSandboxId(request.SandboxId);
        var name = ArgValue("pod_name", request.PodName, required: true);
        var ns = ArgValue("pod_namespace", request.PodNamespace, required: true);
        var uid = ArgValue("pod_uid", request.PodUid, required: false);
        var args = new JsonObject();
        AddPortMappings(args, request.PortMappings);
        AddBandwidth(args, request.Bandwidth);
        AddIps(args, request.Ips);
        AddDns(args, request.Dns);
        if (request.CgroupParent.Length > 0)
        {
            args["cgroupPath"] = request.CgroupParent;
        }
        return new PodSetup(id, name, ns, uid, args, new Dictionary<string, string>(request.Annotations));
    }

    /// <summary>A value that goes into CNI_ARGS, where ';' and '=' are separators.</summary>
    private static string ArgValue(string field, string value, bool required)
    {
        if (required && value.Length == 0)
        {
            throw CriMeshException.Invalid($"{field} is required");
        }
        if (value.Length > 253 || value.Any(c => c is ';' or '=' || char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw CriMeshException.Invalid($"{field} \"{Shown(value)}\" is invalid: at most 253 characters, no ';', '=', spaces or control characters");
        }
        return value;
    }

    private static void AddPortMappings(JsonObject args, IEnumerable<PortMapping> mappings)
    {
        var list = new JsonArray();
        foreach (var m in mappings)
        {
            var protocol = m.Protocol.Length == 0 ? "tcp" : m.Protocol.ToLowerInvariant();
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw CriMeshException.Invalid($"port mapping protocol \"{Shown(m.Protocol)}\" is invalid: tcp, udp or sctp");
            }
            if (m.ContainerPort is < 1 or > 65535 || m.HostPort is < 0 or > 65535)
            {
                throw CriMeshException.Invalid($"port mapping {m.HostPort}:{m.ContainerPort}/{protocol} is out of range (container port 1-65535, host port 0-65535)");
            }
            if (m.HostIp.Length > 0 && !IPAddress.TryParse(m.HostIp, out _))
            {
                throw CriMeshException.Invalid($"port mapping host_ip \"{Shown(m.HostIp)}\" is not an IP address");
            }
            // Without a host port there is nothing to map (kubelet sends such entries for documentation).
            if (m.HostPort == 0)
            {
                continue;
            }
            var entry = new JsonObject { ["hostPort"] = m.HostPort, ["containerPort"] = m.ContainerPort, ["protocol"] = protocol };
            if (m.HostIp.Length > 0)
            {
                entry["hostIP"] = m.HostIp;
            }
            list.Add((JsonNode)entry);
        }
        if (list.Count > 0)
        {
            args["portMappings"] = list;
        }
    }

    private static void AddBandwidth(JsonObject args, Bandwidth? b)
    {
        if (b is null || (b.IngressRate | b.IngressBurst | b.EgressRate | b.EgressBurst) == 0)
        {
            return;
        }
        if (b.IngressRate < 0 || b.IngressBurst < 0 || b.EgressRate < 0 || b.EgressBurst < 0)
        {
            throw CriMeshException.Invalid("bandwidth rates and bursts must not be negative");
        }
        var o = new JsonObject();
        Put(o, "ingressRate", b.IngressRate);
        Put(o, "ingressBurst", b.IngressBurst);
        Put(o, "egressRate", b.EgressRate);
        Put(o, "egressBurst", b.EgressBurst);
        args["bandwidth"] = o;
    }

    private static void Put(JsonObject o, string key, long value)
    {
        if (value > 0)
        {
            o[key] = value;
        }
    }

    private static void AddIps(JsonObject args, IEnumerable<string> ips)
    {
        var list = new JsonArray();
        foreach (var ip in ips)
        {
            var slash = ip.IndexOf('/', StringComparison.Ordinal);
            if (!IPAddress.TryParse(slash < 0 ? ip : ip[..slash], out _))
            {
                throw CriMeshException.Invalid($"ips: \"{Shown(ip)}\" is not an IP address");
            }
            list.Add((JsonNode)ip);
        }
        if (list.Count > 0)
        {
            args["ips"] = list;
        }
    }

    private static void AddDns(JsonObject args, DnsConfig? dns)
    {
        if (dns is null || dns.Servers.Count + dns.Searches.Count + dns.Options.Count == 0)
        {
            return;
        }
        args["dns"] = new JsonObject
        {
            ["servers"] = new JsonArray(dns.Servers.Select(s => (JsonNode?)s).ToArray()),
            ["searches"] = new JsonArray(dns.Searches.Select(s => (JsonNode?)s).ToArray()),
            ["options"] = new JsonArray(dns.Options.Select(s => (JsonNode?)s).ToArray()),
        };
    }

    private static string Shown(string value) => value.Length > 80 ? value[..80] + "..." : value;
}

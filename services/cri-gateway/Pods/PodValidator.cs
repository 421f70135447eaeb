using System.Net;
using CriMesh.Common.Errors;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// Pure checks of a RunPodSandbox request. Every failure is InvalidArgument naming the field, before
/// anything is created. Names end up in CNI_ARGS (";"-separated K=V) and in paths, so they are held to
/// DNS-like characters.
/// </summary>
public static class PodValidator
{
    public const int MaxHostnameLength = 64;

    public static void Validate(RunPodSandboxRequest request, IReadOnlyCollection<string> runtimeHandlers, string cgroupDriver)
    {
        var config = request.Config ?? throw CriMeshException.Invalid("config is required");
        ValidateMetadata(config.Metadata);
        if (!runtimeHandlers.Contains(request.RuntimeHandler))
        {
            throw CriMeshException.Invalid(
                $"unknown runtime handler \"{request.RuntimeHandler}\" (known: {string.Join(", ", runtimeHandlers.Select(h => h.Length == 0 ? "\"\"" : h))})");
        }
        var ns = config.Linux?.SecurityContext?.NamespaceOptions ?? new NamespaceOption();
        ValidateNamespaces(ns);
        var hostNetwork = ns.Network == NamespaceMode.Node;
        if (!hostNetwork || config.Hostname.Length > 0)
        {
            ValidateHostname(EffectiveHostname(config));
        }
        ValidateLogDirectory(config.LogDirectory);
        ValidateDns(config.DnsConfig);
        ValidatePorts(config.PortMappings);
        foreach (var (name, value) in config.Linux?.Sysctls ?? [])
        {
            Sysctls.Validate(name, value, hostNetwork, ns.Ipc == NamespaceMode.Node);
        }
        CgroupPaths.Validate(config.Linux?.CgroupParent ?? "", cgroupDriver);
    }

    /// <summary>The hostname the pod gets: the configured one, else the pod name.</summary>
    public static string EffectiveHostname(PodSandboxConfig config) =>
        config.Hostname.Length > 0 ? config.Hostname : config.Metadata.Name;

    private static void ValidateMetadata(PodSandboxMetadata? m)
    {
        if (m is null)
        {
            throw CriMeshException.Invalid("config.metadata is required");
        }
        RequireName("config.metadata.name", m.Name, 253);
        RequireName("config.metadata.namespace", m.Namespace, 253);
        RequireName("config.metadata.uid", m.Uid, 128);
    }

    private static void RequireName(string field, string value, int max)
    {
        if (value.Length == 0)
        {
            throw CriMeshException.Invalid($"{field} is required");
        }
        if (value.Length > max || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw CriMeshException.Invalid($"{field} \"{Printable(value)}\" may hold only letters, digits, '.', '-' and '_' (at most {max})");
        }
    }

    private static void ValidateNamespaces(NamespaceOption ns)
    {
        foreach (var (field, mode) in new[] { ("network", ns.Network), ("pid", ns.Pid), ("ipc", ns.Ipc) })
        {
            if (mode == NamespaceMode.Target)
            {
                throw CriMeshException.Invalid($"config.linux.security_context.namespace_options.{field} cannot be TARGET for a sandbox");
            }
        }
        if (ns.UsernsOptions is { Mode: NamespaceMode.Pod } u && (u.Uids.Count > 0 || u.Gids.Count > 0))
        {
            throw new CriMeshException(ErrorKind.Unimplemented, "user namespaces for pods are not supported yet");
        }
    }

    /// <summary>RFC 1123 hostname: dot-separated labels of [a-z0-9-], no label starting or ending with '-'.</summary>
    public static void ValidateHostname(string hostname)
    {
        var ok = hostname.Length is > 0 and <= MaxHostnameLength && hostname.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' &&
            label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
        if (!ok)
        {
            throw CriMeshException.Invalid($"config.hostname \"{Printable(hostname)}\" is not a valid RFC 1123 hostname of at most {MaxHostnameLength} characters");
        }
    }

    private static void ValidateLogDirectory(string dir)
    {
        if (dir.Length == 0)
        {
            return;
        }
        if (!Path.IsPathFullyQualified(dir) || dir.Contains('\0', StringComparison.Ordinal) ||
            dir.Split('/').Any(p => p is ".." or ".") || dir.Length > 4096)
        {
            throw CriMeshException.Invalid($"config.log_directory \"{Printable(dir)}\" must be an absolute path without '.' or '..' components");
        }
    }

    private static void ValidateDns(DNSConfig? dns)
    {
        if (dns is null)
        {
            return;
        }
        foreach (var server in dns.Servers)
        {
            if (!IPAddress.TryParse(server, out _) || server.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw CriMeshException.Invalid($"config.dns_config.servers: \"{Printable(server)}\" is not an IP address");
            }
        }
        foreach (var (field, value) in dns.Searches.Select(s => ("searches", s)).Concat(dns.Options.Select(o => ("options", o))))
        {
            if (value.Length is 0 or > 253 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '#'))
            {
                throw CriMeshException.Invalid($"config.dns_config.{field}: \"{Printable(value)}\" must be one word without spaces");
            }
        }
    }

    private static void ValidatePorts(IEnumerable<PortMapping> ports)
    {
        foreach (var p in ports)
        {
            if (p.ContainerPort is < 0 or > 65535 || p.HostPort is < 0 or > 65535 || p.HostPort > 0 && p.ContainerPort == 0)
            {
                throw CriMeshException.Invalid($"config.port_mappings: host port {p.HostPort} to container port {p.ContainerPort} is out of range");
            }
            if (p.HostIp.Length > 0 && !IPAddress.TryParse(p.HostIp, out _))
            {
                throw CriMeshException.Invalid($"config.port_mappings: host_ip \"{Printable(p.HostIp)}\" is not an IP address");
            }
        }
    }

    /// <summary>A value fit for an error message: control characters escaped, long values cut.</summary>
    internal static string Printable(string value)
    {
        var cut = value.Length > 80 ? value[..80] + "..." : value;
        return string.Concat(cut.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
    }
}

using System.Text;
using CriMesh.Common.State;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// The files a pod's containers get bind-mounted: /etc/hostname, /etc/resolv.conf and /etc/hosts, kept in
/// the pod dir (RUN_DIR/pods/ID). Rendering is pure; <see cref="Write"/> writes them atomically.
/// </summary>
public static class PodFiles
{
    public const string Hostname = "hostname";
    public const string ResolvConf = "resolv.conf";
    public const string Hosts = "hosts";

    /// <summary>resolv.conf(5) from the pod's DNSConfig, or the host's file when the config names nothing.</summary>
    public static string RenderResolvConf(DNSConfig? dns, Func<string> hostResolvConf)
    {
        if (dns is null || dns.Servers.Count + dns.Searches.Count + dns.Options.Count == 0)
        {
            return hostResolvConf();
        }
        var text = new StringBuilder();
        foreach (var server in dns.Servers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }
        if (dns.Searches.Count > 0)
        {
            text.Append("search ").AppendJoin(' ', dns.Searches).Append('\n');
        }
        if (dns.Options.Count > 0)
        {
            text.Append("options ").AppendJoin(' ', dns.Options).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>hosts(5): loopback names plus the pod's own addresses under its hostname.</summary>
    public static string RenderHosts(string hostname, IEnumerable<string> ips)
    {
        var text = new StringBuilder();
        text.Append("127.0.0.1\tlocalhost\n");
        text.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        foreach (var ip in ips)
        {
            text.Append(ip).Append('\t').Append(hostname).Append('\n');
        }
        return text.ToString();
    }

    public static void Write(string podDir, string hostname, string resolvConf, string hosts)
    {
        AtomicFile.WriteAllText(Path.Combine(podDir, Hostname), hostname + "\n");
        AtomicFile.WriteAllText(Path.Combine(podDir, ResolvConf), resolvConf);
        AtomicFile.WriteAllText(Path.Combine(podDir, Hosts), hosts);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CriMesh.Netd.Cni;

/// <summary>Reads the pod's IPs from a CNI result (0.3.x, 0.4.0 and 1.x share the <c>ips</c>/<c>interfaces</c> shape).</summary>
public static class CniResult
{
    /// <summary>
    /// The addresses (without prefix length) of the result's <c>ips</c> that belong to an interface inside the
    /// sandbox (or name no interface), IPv4 first, duplicates dropped.
    /// </summary>
    public static IReadOnlyList<string> PodIps(JsonObject result)
    {
        var interfaces = result["interfaces"] as JsonArray;
        var found = new List<IPAddress>();
        if (result["ips"] is not JsonArray ips)
        {
            return [];
        }
        foreach (var entry in ips.OfType<JsonObject>())
        {
            if (entry["address"] is not JsonValue a || !a.TryGetValue(out string? cidr) || !TryAddress(cidr, out var address))
            {
                continue;
            }
            if (entry["interface"] is JsonValue i && i.TryGetValue(out int index) && !InSandbox(interfaces, index))
            {
                continue;
            }
            if (!found.Contains(address))
            {
                found.Add(address);
            }
        }
        return found
            .OrderBy(ip => ip.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Select(ip => ip.ToString())
            .ToList();
    }

    private static bool InSandbox(JsonArray? interfaces, int index) =>
        interfaces is not null && index >= 0 && index < interfaces.Count
        && interfaces[index] is JsonObject iface
        && iface["sandbox"] is JsonValue s && s.TryGetValue(out string? sandbox) && sandbox.Length > 0;

    private static bool TryAddress(string cidr, out IPAddress address)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(slash < 0 ? cidr : cidr[..slash], out address!);
    }
}

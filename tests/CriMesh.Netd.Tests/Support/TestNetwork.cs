using CriMesh.Testing;

namespace CriMesh.Netd.Tests.Support;

/// <summary>
/// A bridge network the test owns: bridge <c>cmn&lt;8 hex&gt;</c>, a /24 of 10.201.0.0/16 unique in this test
/// process, host-local leases in the test's dir. Disposal deletes the bridge.
/// </summary>
internal sealed class TestNetwork : IDisposable
{
    private static int next = Random.Shared.Next(0, 250);

    public TestNetwork(TempDir dir)
    {
        Bridge = "cmn" + Guid.NewGuid().ToString("N")[..8];
        Octet = (Interlocked.Increment(ref next) % 250) + 1;
        Subnet = $"10.201.{Octet}.0/24";
        DataDir = dir.Combine("ipam");
    }

    public string Bridge { get; }

    /// <summary>The CNI network name, unique per test: iptables rules of plugins name it in their comments.</summary>
    public string Name => "netd-" + Bridge;

    public int Octet { get; }

    public string Subnet { get; }

    public string Gateway => $"10.201.{Octet}.1";

    /// <summary>host-local's store; leases are files named by IP below DataDir/&lt;network name&gt;.</summary>
    public string DataDir { get; }

    /// <summary>A conflist: bridge with host-local, plus <paramref name="extraPlugins"/> (JSON objects) after it.</summary>
    public string ConfList(string? name = null, string cniVersion = "1.0.0", bool ipMasq = true, bool portmap = true,
        string? ipv6Subnet = null, params string[] extraPlugins)
    {
        var ranges = ipv6Subnet is null
            ? $$"""[[{"subnet": "{{Subnet}}"}]]"""
            : $$"""[[{"subnet": "{{Subnet}}"}], [{"subnet": "{{ipv6Subnet}}"}]]""";
        var plugins = new List<string>
        {
            $$$"""
            {"type": "bridge", "bridge": "{{{Bridge}}}", "isGateway": true, "ipMasq": {{{(ipMasq ? "true" : "false")}}}, "hairpinMode": true,
             "ipam": {"type": "host-local", "ranges": {{{ranges}}}, "dataDir": "{{{DataDir}}}", "routes": [{"dst": "0.0.0.0/0"}]}}
            """,
        };
        if (portmap)
        {
            plugins.Add("""{"type": "portmap", "capabilities": {"portMappings": true}}""");
        }
        plugins.AddRange(extraPlugins);
        return $$"""{"cniVersion": "{{cniVersion}}", "name": "{{name ?? Name}}", "plugins": [{{string.Join(",\n", plugins)}}]}""";
    }

    /// <summary>Lease files of host-local for <paramref name="network"/> (everything but its bookkeeping files).</summary>
    public IReadOnlyList<string> Leases(string? network = null)
    {
        var dir = Path.Combine(DataDir, network ?? Name);
        return Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>().Where(f => f != "lock" && !f.StartsWith("last_reserved_ip", StringComparison.Ordinal)).ToList()
            : [];
    }

    /// <summary>Interfaces enslaved to the bridge (the host ends of pod veths).</summary>
    public IReadOnlyList<string> Veths()
    {
        var dir = $"/sys/class/net/{Bridge}/brif";
        return Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToList() : [];
    }

    public void Dispose()
    {
        Host.DeleteRulesOf(Name);
        if (Directory.Exists($"/sys/class/net/{Bridge}"))
        {
            ChildProcess.Run("ip", ["link", "del", Bridge], TimeSpan.FromSeconds(10), throwOnFailure: false);
        }
    }
}

using System.Security.Cryptography;
using CriMesh.Testing;

namespace CriMesh.Benchmarks.Pods;

/// <summary>
/// A CNI network one runtime under test owns: bridge <c>cmbXXXXXX</c>, a /24 of 10.204.0.0/16, host-local
/// leases in its own directory, portmap chained (as a node's default network has it), the plugins of
/// /usr/lib/cni. Also the pod cgroup parent under <c>/crimesh-test</c>. Dispose deletes the bridge and
/// the cgroup parent; the caller's TempDir holds the files.
/// </summary>
internal sealed class BenchNetwork : IDisposable
{
    public const string PluginDir = "/usr/lib/cni";

    public BenchNetwork(string name, string confDir, string ipamDir)
    {
        var rand = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        Name = name;
        Bridge = "cmb" + rand;
        Subnet = $"10.204.{RandomNumberGenerator.GetInt32(1, 255)}.0/24";
        CgroupParent = $"/crimesh-test/bench-{rand}";
        ConfDir = confDir;
        Directory.CreateDirectory(confDir);
        Directory.CreateDirectory(ipamDir);
        File.WriteAllText(Path.Combine(confDir, "10-bench.conflist"), $$"""
            {
              "cniVersion": "1.0.0",
              "name": "{{name}}",
              "plugins": [
                { "type": "bridge", "bridge": "{{Bridge}}", "isGateway": true, "ipMasq": false,
                  "ipam": { "type": "host-local", "dataDir": "{{ipamDir}}", "ranges": [[{ "subnet": "{{Subnet}}" }]] } },
                { "type": "portmap", "capabilities": { "portMappings": true } }
              ]
            }
            """);
    }

    public string Name { get; }

    public string Bridge { get; }

    public string Subnet { get; }

    public string CgroupParent { get; }

    public string ConfDir { get; }

    public void Dispose()
    {
        ChildProcess.Run("ip", ["link", "del", Bridge], TimeSpan.FromSeconds(10), throwOnFailure: false);
        foreach (var root in CgroupRoots())
        {
            RemoveTree(root + CgroupParent);
        }
    }

    /// <summary>The mount points of every cgroup hierarchy (v1 controllers and a v2 unified one).</summary>
    private static IEnumerable<string> CgroupRoots() =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' '))
            .Where(f => Array.IndexOf(f, "-") is var d && d > 0 && f[d + 1] is "cgroup" or "cgroup2")
            .Select(f => f[4]);

    /// <summary>rmdir of a cgroup and its children, deepest first (cgroupfs allows only rmdir of empty groups).</summary>
    private static void RemoveTree(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }
        foreach (var child in Directory.EnumerateDirectories(dir))
        {
            RemoveTree(child);
        }
        try
        {
            Directory.Delete(dir);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: cgroup {dir} not removed: {e.Message}");
        }
    }
}

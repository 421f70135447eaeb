using System.Text.Json;
using CriMesh.Testing;
using CriMesh.Testing.Node;
using Xunit.Abstractions;

namespace CriMesh.IntegrationTests.Pods;

/// <summary>crimeshctl's pod verbs against the real node: runp (YAML and JSON), pods with filters, inspectp, stopp, rmp.</summary>
[Collection(Node.NodeCollection.Name)]
public sealed class PodCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PodTestNode _pods = null!;

    public async Task InitializeAsync()
    {
        _pods = new PodTestNode(line =>
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
            }
        });
        await _pods.StartAsync();
    }

    public async Task DisposeAsync() => await _pods.DisposeAsync();

    private async Task<ProcessResult> Cli(int expectExit, params string[] args)
    {
        var full = new[] { "-r", $"unix://{_pods.Node.SocketPath("gateway")}", "--run-dir", _pods.Node.RunDir, "--timeout", "60s" }.Concat(args);
        var result = await ChildProcess.RunAsync(RepoPaths.CliExe, full, TimeSpan.FromSeconds(90), throwOnFailure: false);
        Assert.True(result.ExitCode == expectExit, $"crimeshctl {string.Join(' ', args)} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        return result;
    }

    [Fact]
    public async Task RunpPodsInspectpStoppRmp_YamlAndJsonConfigs()
    {
        var yaml = _pods.Node.Dir.Combine("pod.yaml");
        File.WriteAllText(yaml, $"""
            metadata:
              name: cli-yaml
              namespace: pods-test
              uid: cli-yaml-uid
            hostname: cli-yaml
            labels:
              tool: crimeshctl
            dns_config:
              options: ["ndots:3"]
            linux:
              cgroup_parent: {_pods.CgroupParent}
              security_context:
                namespace_options:
                  pid: CONTAINER
            """);
        var json = _pods.Node.Dir.Combine("pod.json");
        File.WriteAllText(json, """{"metadata": {"name": "cli-json", "namespace": "pods-test", "uid": "cli-json-uid"}, "linux": {"cgroup_parent": """
            + JsonSerializer.Serialize(_pods.CgroupParent) + """, "security_context": {"namespace_options": {"pid": "CONTAINER"}}}}""");

        var a = (await Cli(0, "runp", yaml)).Stdout.Trim();
        var b = (await Cli(0, "runp", "--runtime", "runc", json)).Stdout.Trim();

        Assert.Equal(64, a.Length);
        Assert.Equal([a], (await Cli(0, "pods", "-q", "--label", "tool=crimeshctl")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([b], (await Cli(0, "pods", "-q", "--name", "json")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cli-yaml", (await Cli(0, "pods")).Stdout, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse((await Cli(0, "inspectp", "-o", "json", b[..12])).Stdout))
        {
            Assert.Equal("runc", doc.RootElement.GetProperty("status").GetProperty("runtimeHandler").GetString());
            Assert.StartsWith(_pods.Subnet, doc.RootElement.GetProperty("status").GetProperty("network").GetProperty("ip").GetString(), StringComparison.Ordinal);
        }

        await Cli(0, "stopp", a);
        Assert.Equal([a], (await Cli(0, "pods", "-q", "--state", "notready")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await Cli(0, "rmp", a, b);
        Assert.Empty((await Cli(0, "pods", "-q")).Stdout.Trim());
        var bad = await Cli(1, "runp", json + ".missing");
        Assert.Contains("cannot read", bad.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _pods.LeftoversAsync());
    }
}

using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Commands;
using CriMesh.Ctl.Input;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Tests.Input;

public sealed class PodConfigFileTests
{
    private const string Yaml = """
        # a pod as crictl's docs write it
        metadata:
          name: nginx-sandbox
          namespace: default
          attempt: 1
          uid: "hdishd83djaidwnduwk28bcsb"
        hostname: 'nginx'
        log_directory: /tmp
        dns_config:
          servers: [10.0.0.10]
          searches:
            - default.svc.cluster.local
            - svc.cluster.local
          options: ["ndots:5"]
        port_mappings:
          - protocol: TCP
            container_port: 80
            host_port: 8080
        labels:
          app: web   # trailing comment
        linux:
          cgroup_parent: /kubepods/pod1
          security_context:
            namespace_options:
              pid: POD
          sysctls: {}
        """;

    [Fact]
    public void Parse_CrictlStyleYaml_FillsEveryField()
    {
        var config = PodConfigFile.Parse(Yaml, yaml: true, "pod.yaml");

        Assert.Equal("nginx-sandbox", config.Metadata.Name);
        Assert.Equal(1u, config.Metadata.Attempt);
        Assert.Equal("hdishd83djaidwnduwk28bcsb", config.Metadata.Uid);
        Assert.Equal("nginx", config.Hostname);
        Assert.Equal("/tmp", config.LogDirectory);
        Assert.Equal(["10.0.0.10"], config.DnsConfig.Servers);
        Assert.Equal(["default.svc.cluster.local", "svc.cluster.local"], config.DnsConfig.Searches);
        Assert.Equal(["ndots:5"], config.DnsConfig.Options);
        var port = Assert.Single(config.PortMappings);
        Assert.Equal((80, 8080, Protocol.Tcp), (port.ContainerPort, port.HostPort, port.Protocol));
        Assert.Equal("web", config.Labels["app"]);
        Assert.Equal("/kubepods/pod1", config.Linux.CgroupParent);
        Assert.Equal(NamespaceMode.Pod, config.Linux.SecurityContext.NamespaceOptions.Pid);
    }

    [Fact]
    public void Parse_JsonWithCamelCaseOrProtoNames_Both()
    {
        var snake = PodConfigFile.Parse("""{"metadata":{"name":"a","namespace":"n","uid":"u"},"log_directory":"/l"}""", yaml: false, "p.json");
        var camel = PodConfigFile.Parse("""{"metadata":{"name":"a","namespace":"n","uid":"u"},"logDirectory":"/l"}""", yaml: false, "p.json");

        Assert.Equal(snake, camel);
        Assert.Equal("/l", snake.LogDirectory);
    }

    [Theory]
    [InlineData("metadata:\n  name: a\n  bogus_field: 1\n", true)]
    [InlineData("metadata: &anchor\n  name: a\n", true)]
    [InlineData("metadata:\n  name: a\n  name: b\n", true)]
    [InlineData("{\"metadata\": ", false)]
    public void Parse_BadInput_IsInvalidArgumentNamingTheFile(string text, bool yaml)
    {
        var e = Assert.Throws<CommandException>(() => PodConfigFile.Parse(text, yaml, "bad.cfg"));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, e.Code);
        Assert.Contains("bad.cfg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildListRequest_IdStateLabels()
    {
        var args = new ParsedArgs();
        args.Set("id", "abc");
        args.Set("state", "NotReady");
        args.Set("label", "app=web, tier=front");

        var filter = PodCommands.BuildListRequest(args).Filter;

        Assert.Equal("abc", filter.Id);
        Assert.Equal(PodSandboxState.SandboxNotready, filter.State.State);
        Assert.Equal("web", filter.LabelSelector["app"]);
        Assert.Equal("front", filter.LabelSelector["tier"]);
    }

    [Theory]
    [InlineData("state", "sleeping")]
    [InlineData("label", "novalue")]
    public void BuildListRequest_BadFlag_IsUsageError(string flag, string value)
    {
        var args = new ParsedArgs();
        args.Set(flag, value);

        Assert.Throws<UsageException>(() => PodCommands.BuildListRequest(args));
    }
}

using CriMesh.Common.Errors;
using CriMesh.Gateway.Pods;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Tests.Pods;

public sealed class PodValidatorTests
{
    private static readonly string[] Handlers = ["", "runc"];

    internal static RunPodSandboxRequest Valid() => new()
    {
        Config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "web", Namespace = "default", Uid = "0b7e-11", Attempt = 1 },
            Hostname = "web-1",
            LogDirectory = "/var/log/pods/default_web_0b7e",
            DnsConfig = new DNSConfig { Servers = { "10.0.0.10" }, Searches = { "svc.cluster.local" }, Options = { "ndots:5" } },
            PortMappings = { new PortMapping { ContainerPort = 80, HostPort = 8080 } },
            Linux = new LinuxPodSandboxConfig { CgroupParent = "/kubepods/pod0b7e", Sysctls = { ["net.ipv4.ip_unprivileged_port_start"] = "0" } },
        },
    };

    private static CriMeshException Invalid(Action<RunPodSandboxRequest> mutate, string driver = CgroupPaths.Cgroupfs)
    {
        var request = Valid();
        mutate(request);
        return Assert.Throws<CriMeshException>(() => PodValidator.Validate(request, Handlers, driver));
    }

    [Fact]
    public void Validate_ValidRequest_Passes() => PodValidator.Validate(Valid(), Handlers, CgroupPaths.Cgroupfs);

    [Theory]
    [InlineData("name", "config.metadata.name is required")]
    [InlineData("namespace", "config.metadata.namespace is required")]
    [InlineData("uid", "config.metadata.uid is required")]
    public void Validate_MissingMetadataField_NamesTheField(string field, string expected)
    {
        var e = Invalid(r =>
        {
            var m = r.Config.Metadata;
            _ = field switch { "name" => m.Name = "", "namespace" => m.Namespace = "", _ => m.Uid = "" };
        });

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Validate_NoConfigOrMetadata_IsInvalid()
    {
        Assert.Equal("config is required", Assert.Throws<CriMeshException>(() => PodValidator.Validate(new RunPodSandboxRequest(), Handlers, "cgroupfs")).Message);
        Assert.Equal("config.metadata is required", Invalid(r => r.Config.Metadata = null).Message);
    }

    [Theory]
    [InlineData("a;K8S_POD_NAME=evil")]
    [InlineData("../../etc")]
    [InlineData("a b")]
    public void Validate_HostileName_IsInvalid(string name) =>
        Assert.Contains("config.metadata.name", Invalid(r => r.Config.Metadata.Name = name).Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_UnknownRuntimeHandler_IsInvalidAndListsKnown()
    {
        var e = Invalid(r => r.RuntimeHandler = "kata");

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("unknown runtime handler \"kata\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("runc", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("UPPER")]
    [InlineData("a\nb")]
    [InlineData("-lead")]
    [InlineData("x.y-")]
    [InlineData("this-hostname-is-far-too-long-for-sethostname-because-it-has-more-than-64")]
    public void Validate_HostileHostname_IsInvalid(string hostname) =>
        Assert.Contains("config.hostname", Invalid(r => r.Config.Hostname = hostname).Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_EmptyHostname_DefaultsToPodName()
    {
        var request = Valid();
        request.Config.Hostname = "";

        PodValidator.Validate(request, Handlers, "cgroupfs");
        Assert.Equal("web", PodValidator.EffectiveHostname(request.Config));
    }

    [Theory]
    [InlineData("relative/logs")]
    [InlineData("/var/log/pods/../../../etc")]
    [InlineData("/var/log/./pods")]
    public void Validate_HostileLogDirectory_IsInvalid(string dir) =>
        Assert.Contains("config.log_directory", Invalid(r => r.Config.LogDirectory = dir).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("kernel.pid_max")]
    [InlineData("vm.swappiness")]
    [InlineData("fs.file-max")]
    public void Validate_NonNamespacedSysctl_IsInvalidNamingIt(string name)
    {
        var e = Invalid(r => r.Config.Linux.Sysctls[name] = "1");

        Assert.Contains($"sysctl \"{name}\" is not namespaced", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NetSysctlWithHostNetwork_IsInvalid() =>
        Assert.Contains("host network", Invalid(r => r.Config.Linux.SecurityContext = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node },
        }).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10.0.0.1\nnameserver 6.6.6.6")]
    public void Validate_BadDnsServer_IsInvalid(string server) =>
        Assert.Contains("dns_config.servers", Invalid(r => r.Config.DnsConfig.Servers.Add(server)).Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_DnsOptionWithNewline_IsInvalid() =>
        Assert.Contains("dns_config.options", Invalid(r => r.Config.DnsConfig.Options.Add("ndots:1\nnameserver 1.1.1.1")).Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_PortOutOfRange_IsInvalid() =>
        Assert.Contains("port_mappings", Invalid(r => r.Config.PortMappings.Add(new PortMapping { ContainerPort = 70000, HostPort = 1 })).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("/kubepods/../../etc", CgroupPaths.Cgroupfs)]
    [InlineData("kubepods", CgroupPaths.Cgroupfs)]
    [InlineData("/kubepods/pod1", CgroupPaths.Systemd)]
    [InlineData("kubepods-../x.slice", CgroupPaths.Systemd)]
    public void Validate_HostileCgroupParent_IsInvalid(string parent, string driver) =>
        Assert.Contains("cgroup_parent", Invalid(r => r.Config.Linux.CgroupParent = parent, driver).Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_ContainerPidModeForSandbox_IsInvalid() =>
        Assert.Contains("namespace_options.pid", Invalid(r => r.Config.Linux.SecurityContext = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Target },
        }).Message, StringComparison.Ordinal);
}

using CriMesh.Protos.Runtime.V1;
using CriMesh.Protos.Tests.Wire;

namespace CriMesh.Protos.Tests.Runtime.V1;

// Bytes laid out by upstream's field numbers (k8s.io/cri-api v0.32), parsed by our generated classes.
public sealed class PodSandboxConfigWireTests
{
    internal static byte[] UpstreamPodSandboxConfig() => ProtoWriter.Build(w => w
        .Message(1, m => m.String(1, "nginx").String(2, "7f3c-uid").String(3, "web").Varint(4, 3))
        .String(2, "nginx-0")
        .String(3, "/var/log/pods/web_nginx_7f3c-uid")
        .Message(4, d => d
            .String(1, "10.96.0.10").String(1, "10.96.0.11")
            .String(2, "web.svc.cluster.local")
            .String(3, "ndots:5"))
        .Message(5, p => p.Varint(1, 1).Varint(2, 53).Varint(3, 5353).String(4, "127.0.0.1"))
        .Message(5, p => p.Varint(1, 2).Varint(2, 8080))
        .MapEntry(6, "app", "nginx")
        .MapEntry(6, "tier", "front")
        .MapEntry(7, "kubernetes.io/config.seen", "2026-11-23T05:00:00Z")
        .Message(8, linux => linux
            .String(1, "/kubepods/besteffort/pod7f3c")
            .Message(2, sc => sc
                .Message(1, ns => ns
                    .Varint(1, 2)
                    .Varint(2, 1)
                    .Varint(3, 3)
                    .String(4, "target-ctr")
                    .Message(5, u => u
                        .Varint(1, 0)
                        .Message(2, id => id.Varint(1, 100000).Varint(2, 0).Varint(3, 65536))
                        .Message(3, id => id.Varint(1, 200000).Varint(2, 0).Varint(3, 65536))))
                .Message(2, se => se.String(1, "system_u").String(2, "system_r").String(3, "container_t").String(4, "s0:c1,c2"))
                .Message(3, v => v.Varint(1, 1000))
                .Bool(4, true)
                .Packed(5, 10, 20, 30)
                .Bool(6, true)
                .String(7, "localhost/legacy.json")
                .Message(8, v => v.Varint(1, 2000))
                .Message(9, p => p.Varint(1, 2).String(2, "/var/lib/kubelet/seccomp/audit.json"))
                .Message(10, p => p.Varint(1, 1))
                .Varint(11, 1))
            .MapEntry(3, "net.ipv4.ip_unprivileged_port_start", "0")
            .Message(4, r => r.Varint(3, 25))
            .Message(5, r => r.Varint(4, 134217728))));

    [Fact]
    public void ParseFrom_UpstreamMetadataAndTopLevelFields_SetsEveryField()
    {
        var config = PodSandboxConfig.Parser.ParseFrom(UpstreamPodSandboxConfig());

        Assert.Equal("nginx", config.Metadata.Name);
        Assert.Equal("7f3c-uid", config.Metadata.Uid);
        Assert.Equal("web", config.Metadata.Namespace);
        Assert.Equal(3u, config.Metadata.Attempt);
        Assert.Equal("nginx-0", config.Hostname);
        Assert.Equal("/var/log/pods/web_nginx_7f3c-uid", config.LogDirectory);
        Assert.Null(config.Windows);
    }

    [Fact]
    public void ParseFrom_UpstreamDnsAndPorts_SetsEveryField()
    {
        var config = PodSandboxConfig.Parser.ParseFrom(UpstreamPodSandboxConfig());

        Assert.Equal(new[] { "10.96.0.10", "10.96.0.11" }, config.DnsConfig.Servers);
        Assert.Equal(new[] { "web.svc.cluster.local" }, config.DnsConfig.Searches);
        Assert.Equal(new[] { "ndots:5" }, config.DnsConfig.Options);

        Assert.Equal(2, config.PortMappings.Count);
        var udp = config.PortMappings[0];
        Assert.Equal(Protocol.Udp, udp.Protocol);
        Assert.Equal(53, udp.ContainerPort);
        Assert.Equal(5353, udp.HostPort);
        Assert.Equal("127.0.0.1", udp.HostIp);
        var sctp = config.PortMappings[1];
        Assert.Equal(Protocol.Sctp, sctp.Protocol);
        Assert.Equal(8080, sctp.ContainerPort);
        Assert.Equal(0, sctp.HostPort);
        Assert.Equal("", sctp.HostIp);
    }

    [Fact]
    public void ParseFrom_UpstreamLabelsAndAnnotations_FillsBothMaps()
    {
        var config = PodSandboxConfig.Parser.ParseFrom(UpstreamPodSandboxConfig());

        Assert.Equal(2, config.Labels.Count);
        Assert.Equal("nginx", config.Labels["app"]);
        Assert.Equal("front", config.Labels["tier"]);
        Assert.Single(config.Annotations);
        Assert.Equal("2026-11-23T05:00:00Z", config.Annotations["kubernetes.io/config.seen"]);
    }

    [Fact]
    public void ParseFrom_UpstreamLinuxConfig_SetsCgroupSysctlsAndResources()
    {
        var linux = PodSandboxConfig.Parser.ParseFrom(UpstreamPodSandboxConfig()).Linux;

        Assert.Equal("/kubepods/besteffort/pod7f3c", linux.CgroupParent);
        Assert.Equal("0", linux.Sysctls["net.ipv4.ip_unprivileged_port_start"]);
        Assert.Equal(25, linux.Overhead.CpuShares);
        Assert.Equal(134217728, linux.Resources.MemoryLimitInBytes);
    }

    [Fact]
    public void ParseFrom_UpstreamNamespaceOptions_SetsModesTargetAndUserns()
    {
        var ns = PodSandboxConfig.Parser.ParseFrom(UpstreamPodSandboxConfig()).Linux.SecurityContext.NamespaceOptions;

        Assert.Equal(NamespaceMode.Node, ns.Network);
        Assert.Equal(NamespaceMode.Container, ns.Pid);
        Assert.Equal(NamespaceMode.Target, ns.Ipc);
        Assert.Equal("target-ctr", ns.TargetId);
        Assert.Equal(NamespaceMode.Pod, ns.UsernsOptions.Mode);
        var uid = Assert.Single(ns.UsernsOptions.Uids);
        Assert.Equal((100000u, 0u, 65536u), (uid.HostId, uid.ContainerId, uid.Length));
        var gid = Assert.Single(ns.UsernsOptions.Gids);
        Assert.Equal((200000u, 0u, 65536u), (gid.HostId, gid.ContainerId, gid.Length));
    }

    [Fact]
    public void ParseFrom_UpstreamSandboxSecurityContext_SetsEveryField()
    {
        var sc = PodSandboxConfig.Parser.ParseFrom(UpstreamPodSandboxConfig()).Linux.SecurityContext;

        Assert.Equal("system_u", sc.SelinuxOptions.User);
        Assert.Equal("system_r", sc.SelinuxOptions.Role);
        Assert.Equal("container_t", sc.SelinuxOptions.Type);
        Assert.Equal("s0:c1,c2", sc.SelinuxOptions.Level);
        Assert.Equal(1000, sc.RunAsUser.Value);
        Assert.Equal(2000, sc.RunAsGroup.Value);
        Assert.True(sc.ReadonlyRootfs);
        Assert.Equal(new[] { 10L, 20L, 30L }, sc.SupplementalGroups);
        Assert.Equal(SupplementalGroupsPolicy.Strict, sc.SupplementalGroupsPolicy);
        Assert.True(sc.Privileged);
#pragma warning disable CS0612 // the deprecated string form is still on the wire from older kubelets
        Assert.Equal("localhost/legacy.json", sc.SeccompProfilePath);
#pragma warning restore CS0612
        Assert.Equal(SecurityProfile.Types.ProfileType.Localhost, sc.Seccomp.ProfileType);
        Assert.Equal("/var/lib/kubelet/seccomp/audit.json", sc.Seccomp.LocalhostRef);
        Assert.Equal(SecurityProfile.Types.ProfileType.Unconfined, sc.Apparmor.ProfileType);
    }

    [Fact]
    public void ParseFrom_SupplementalGroupsUnpacked_AcceptsTheOlderEncoding()
    {
        // proto3 parsers must accept repeated scalars both packed and one per tag.
        var bytes = ProtoWriter.Build(w => w.Varint(5, 7).Varint(5, -1));

        var sc = LinuxSandboxSecurityContext.Parser.ParseFrom(bytes);

        Assert.Equal(new[] { 7L, -1L }, sc.SupplementalGroups);
    }

    [Fact]
    public void ParseFrom_Truncated_ThrowsInvalidProtocolBuffer()
    {
        var bytes = UpstreamPodSandboxConfig();

        Assert.Throws<Google.Protobuf.InvalidProtocolBufferException>(
            () => PodSandboxConfig.Parser.ParseFrom(bytes.AsSpan(0, bytes.Length - 3).ToArray()));
    }
}

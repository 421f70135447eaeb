using CriMesh.Gateway.Pods;

namespace CriMesh.Gateway.Tests.Pods;

public sealed class SysctlsTests
{
    [Theory]
    [InlineData("kernel.shmmax", SysctlNamespace.Ipc)]
    [InlineData("kernel.sem", SysctlNamespace.Ipc)]
    [InlineData("fs.mqueue.msg_max", SysctlNamespace.Ipc)]
    [InlineData("net.ipv4.ip_forward", SysctlNamespace.Net)]
    [InlineData("kernel.hostname", SysctlNamespace.Uts)]
    [InlineData("kernel.pid_max", SysctlNamespace.None)]
    [InlineData("vm.overcommit_memory", SysctlNamespace.None)]
    public void Classify_KnownNames(string name, SysctlNamespace expected) => Assert.Equal(expected, Sysctls.Classify(name));

    [Theory]
    [InlineData("net/ipv4/conf/eth0.100/forwarding", "net.ipv4.conf.eth0/100.forwarding", "/proc/sys/net/ipv4/conf/eth0.100/forwarding")]
    [InlineData("net.ipv4.ip_forward", "net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward")]
    public void NormalizeAndProcPath_SlashAndDotForms(string name, string dotted, string path)
    {
        Assert.Equal(dotted, Sysctls.Normalize(name));
        Assert.Equal(path, Sysctls.ProcPath(dotted));
    }

    [Theory]
    [InlineData("net.ipv4..x")]
    [InlineData("net/../../../etc/passwd")]
    [InlineData("net.ipv4.a b")]
    public void Validate_HostileName_IsInvalid(string name) =>
        Assert.Throws<CriMesh.Common.Errors.CriMeshException>(() => Sysctls.Validate(name, "1", false, false));

    [Fact]
    public void Validate_IpcSysctlWithHostIpc_IsInvalid() =>
        Assert.Contains("IPC", Assert.Throws<CriMesh.Common.Errors.CriMeshException>(() => Sysctls.Validate("kernel.shmmax", "1", false, true)).Message, StringComparison.Ordinal);
}

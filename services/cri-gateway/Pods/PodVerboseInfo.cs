namespace CriMesh.Gateway.Pods;

/// <summary>The JSON of PodSandboxStatus' verbose "info" entry.</summary>
public sealed record PodVerboseInfo
{
    public string PodDir { get; init; } = "";
    public string NetnsPath { get; init; } = "";
    public string IpcPath { get; init; } = "";
    public string UtsPath { get; init; } = "";
    public string PidPath { get; init; } = "";
    public int InfraPid { get; init; }
    public string CgroupDriver { get; init; } = "";
    public string CgroupParent { get; init; } = "";
    public string HostnamePath { get; init; } = "";
    public string ResolvConfPath { get; init; } = "";
    public string HostsPath { get; init; } = "";
    public string RuntimeHandler { get; init; } = "";
    public string[] Ips { get; init; } = [];
}

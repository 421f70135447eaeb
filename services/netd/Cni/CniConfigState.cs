namespace CriMesh.Netd.Cni;

/// <summary>What <see cref="CniConfigSource"/> found: a usable config, or why there is none.</summary>
public sealed record CniConfigState(bool Ready, string Reason, string Message, NetworkConfig? Config)
{
    public static CniConfigState Usable(NetworkConfig config) => new(true, "", "", config);

    public static CniConfigState NotReady(string reason, string message, NetworkConfig? config = null) => new(false, reason, message, config);
}

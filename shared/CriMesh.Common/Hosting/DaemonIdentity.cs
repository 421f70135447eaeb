namespace CriMesh.Common.Hosting;

/// <summary>Which daemon this process is and where it serves.</summary>
public sealed record DaemonIdentity(string Daemon, string SocketPath, bool SocketActivated);

using Grpc.Core;

namespace CriMesh.Ctl.Commands;

/// <summary>A failure found on this side of the wire (unreadable file, image absent), reported with a gRPC code like a remote one.</summary>
internal sealed class CommandException(StatusCode code, string message) : Exception(message)
{
    public StatusCode Code { get; } = code;
}

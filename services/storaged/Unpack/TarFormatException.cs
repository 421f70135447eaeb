namespace CriMesh.Storaged.Unpack;

/// <summary>The layer stream is not a tar archive this reader accepts (bad checksum, truncated, unsupported type).</summary>
internal sealed class TarFormatException(string message) : Exception(message);

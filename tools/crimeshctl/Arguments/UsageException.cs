namespace CriMesh.Ctl.Arguments;

/// <summary>The command line itself is wrong (unknown verb or flag, missing value): usage on stderr, exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

namespace CriMesh.Conmon.Runtime;

/// <summary>An effective runtime handler: config merged with defaults.</summary>
public sealed record RuntimeHandler(
    string Name,
    string RuntimePath,
    string RuntimeRoot,
    string RuntimeType,
    IReadOnlyList<string> RuntimeArgs,
    IReadOnlyList<string> AllowedAnnotations,
    string MonitorPath,
    string MonitorLogLevel,
    bool RecursiveReadOnlyMounts,
    bool UserNamespaces)
{
    /// <summary>The global arguments every runtime command starts with: <c>--root ROOT</c> plus the handler's extra ones.</summary>
    public IReadOnlyList<string> GlobalArgs => ["--root", RuntimeRoot, .. RuntimeArgs];
}

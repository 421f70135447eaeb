using CriMesh.Common.Config;
using CriMesh.Common.Errors;
using CriMesh.Conmon.Options;

namespace CriMesh.Conmon.Runtime;

/// <summary>
/// The configured runtime handlers. The default one (<c>default_runtime_handler</c>, runc) is built from
/// <c>runtime_path</c> / <c>runtime_root</c> unless a table of the same name overrides it; "" names it.
/// </summary>
public sealed class RuntimeHandlers
{
    private readonly Dictionary<string, RuntimeHandler> _byName = new(StringComparer.Ordinal);

    public RuntimeHandlers(ConmonOptions options, NodeOptions node)
    {
        DefaultName = options.DefaultRuntimeHandler;
        _byName[DefaultName] = new RuntimeHandler(
            DefaultName, options.RuntimePath, RootOrDefault(options.RuntimeRoot, node, DefaultName), "oci", [], [],
            options.MonitorPath, options.MonitorLogLevel, RecursiveReadOnlyMounts: false, UserNamespaces: false);
        foreach (var (name, h) in options.RuntimeHandlers)
        {
            _byName[name] = new RuntimeHandler(
                name, h.RuntimePath, RootOrDefault(h.RuntimeRoot, node, name), h.RuntimeType, h.RuntimeArgs,
                h.AllowedAnnotations, h.MonitorPath.Length > 0 ? h.MonitorPath : options.MonitorPath,
                h.MonitorLogLevel.Length > 0 ? h.MonitorLogLevel : options.MonitorLogLevel,
                h.RecursiveReadOnlyMounts, h.UserNamespaces);
        }
    }

    public string DefaultName { get; }

    public RuntimeHandler Default => _byName[DefaultName];

    public IReadOnlyCollection<RuntimeHandler> All => _byName.Values;

    /// <summary>The handler called <paramref name="name"/> ("" is the default); InvalidArgument when unknown.</summary>
    public RuntimeHandler Resolve(string name)
    {
        var key = name.Length == 0 ? DefaultName : name;
        return _byName.TryGetValue(key, out var handler)
            ? handler
            : throw CriMeshException.Invalid(
                $"unknown runtime handler \"{name}\" (configured: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))})");
    }

    private static string RootOrDefault(string root, NodeOptions node, string name) =>
        root.Length > 0 ? root : Path.Combine(node.RunDir, name);
}

using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Containers;

/// <summary>Where a container's CRI log goes: kubelet's log_path, relative to the pod's log_directory.</summary>
public static class LogPaths
{
    /// <summary>
    /// The absolute log file path; empty when kubelet asked for none. InvalidArgument when the path is
    /// absolute, names no file, or would leave the log directory (by "..", or by a symlink already there).
    /// </summary>
    public static string Resolve(string logDirectory, string logPath)
    {
        if (logPath.Length == 0) return "";
        if (logDirectory.Length == 0 || !logDirectory.StartsWith('/'))
            throw CriMeshException.Invalid($"log path \"{logPath}\" given but the pod has no absolute log_directory");
        if (logPath.StartsWith('/') || logPath.Contains('\0') || logPath.EndsWith('/'))
            throw CriMeshException.Invalid($"log path \"{logPath}\" must be a file path relative to the pod's log directory");
        var parts = logPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or ".."))
            throw CriMeshException.Invalid($"log path \"{logPath}\" leaves the pod's log directory {logDirectory}");
        var full = Path.Combine(logDirectory, string.Join('/', parts));
        // A symlink inside the log directory could still point out of it.
        var resolvedDir = Spec.ScopedPath.Resolve("/", logDirectory).TrimEnd('/');
        var resolved = Spec.ScopedPath.Resolve("/", full);
        if (!resolved.StartsWith(resolvedDir + "/", StringComparison.Ordinal))
            throw CriMeshException.Invalid($"log path \"{logPath}\" resolves to {resolved}, outside the pod's log directory {logDirectory}");
        return full;
    }
}

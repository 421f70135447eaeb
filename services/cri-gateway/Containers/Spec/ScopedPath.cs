using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Containers.Spec;

/// <summary>
/// Resolves a path component by component inside a root, following symlinks as the kernel would if the root
/// were "/" (an absolute link target restarts at the root, ".." never climbs above it). With root "/" this
/// is realpath(3) for the host; with a container's rootfs it finds what a path names inside the container.
/// A missing component ends the walk: the rest is appended unresolved.
/// </summary>
public static class ScopedPath
{
    private const int MaxLinks = 40; // the kernel's own bound (ELOOP)

    /// <summary>The resolved host path of <paramref name="path"/> (absolute) inside <paramref name="root"/>.</summary>
    public static string Resolve(string root, string path)
    {
        var pending = new Stack<string>(Split(path).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Join(root, resolved.Append(part));
            var info = new FileInfo(candidate);
            if (info.LinkTarget is not { } target)
            {
                resolved.Add(part);
                if (!info.Exists && !Directory.Exists(candidate))
                {
                    // Missing: keep the rest as written (after lexical cleanup).
                    while (pending.Count > 0)
                    {
                        var rest = pending.Pop();
                        if (rest == "..") { if (resolved.Count > 1) resolved.RemoveAt(resolved.Count - 1); } else { resolved.Add(rest); }
                    }
                }
                continue;
            }
            if (++links > MaxLinks)
            {
                throw CriMeshException.Invalid($"too many levels of symbolic links resolving {path} in {root}");
            }
            if (target.StartsWith('/')) resolved.Clear();
            foreach (var t in Split(target).Reverse()) pending.Push(t);
        }
        return Join(root, resolved);
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");

    private static string Join(string root, IEnumerable<string> parts)
    {
        var tail = string.Join('/', parts);
        var trimmed = root.TrimEnd('/');
        return tail.Length == 0 ? (trimmed.Length == 0 ? "/" : trimmed) : $"{trimmed}/{tail}";
    }
}

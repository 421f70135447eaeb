using System.Text;
using CriMesh.Common.Errors;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// The kernel's limits on names, checked before any syscall: a component over NAME_MAX (255 bytes), a path
/// or a link target of PATH_MAX (4096 bytes, its NUL included) or more is the layer's fault (InvalidArgument
/// naming the entry), not an ENAMETOOLONG surfacing as an internal error.
/// </summary>
internal static class EntryLimits
{
    public const int NameMax = 255;
    public const int PathMax = 4096;

    public static void Check(TarEntry entry, List<string> parts)
    {
        var total = 0;
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetByteCount(part);
            if (bytes > NameMax)
            {
                throw CriMeshException.Invalid($"layer entry \"{Shorten(entry.Name)}\" has a name component of {bytes} bytes; at most {NameMax} are allowed");
            }
            total += bytes + 1;
        }
        if (total >= PathMax)
        {
            throw CriMeshException.Invalid($"layer entry \"{Shorten(entry.Name)}\" has a path of {total} bytes; less than {PathMax} are allowed");
        }
        if (entry.Type is (byte)'1' or (byte)'2')
        {
            var target = Encoding.UTF8.GetByteCount(entry.LinkName);
            if (target >= PathMax)
            {
                throw CriMeshException.Invalid($"layer entry \"{Shorten(entry.Name)}\" is a link to a target of {target} bytes; less than {PathMax} are allowed");
            }
        }
    }

    /// <summary>A name cut for an error message (a hostile one may be megabytes long).</summary>
    private static string Shorten(string name) => name.Length <= 120 ? name : name[..60] + "..." + name[^40..];
}

using System.Globalization;
using CriMesh.Common.Errors;
using CriMesh.Gateway.Containers.Spec.Oci;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Gateway.Containers.Spec;

/// <summary>
/// The numeric user of a container: run_as_user / run_as_username / run_as_group from the security context,
/// else the image's <c>user[:group]</c>; names are looked up in the image's /etc/passwd and /etc/group.
/// </summary>
public static class UserResolver
{
    public static OciUser Resolve(string rootfs, LinuxContainerSecurityContext security, string imageUser)
    {
        var colon = imageUser.IndexOf(':');
        var imageName = colon < 0 ? imageUser : imageUser[..colon];
        var imageGroup = colon < 0 ? "" : imageUser[(colon + 1)..];
        var passwd = ReadTable(rootfs, "/etc/passwd");

        string? userName = null;
        uint uid;
        if (security.RunAsUser is { } runAs)
        {
            uid = checked((uint)runAs.Value);
        }
        else
        {
            var name = security.RunAsUsername.Length > 0 ? security.RunAsUsername : imageName;
            if (name.Length == 0)
            {
                uid = 0;
            }
            else if (!uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uid))
            {
                var entry = passwd.FirstOrDefault(p => p[0] == name)
                    ?? throw CriMeshException.Invalid($"user \"{name}\" is not in the image's /etc/passwd");
                uid = ParseId(entry[2], "/etc/passwd");
                userName = name;
            }
        }
        var own = passwd.FirstOrDefault(p => p.Length > 3 && p[2] == uid.ToString(CultureInfo.InvariantCulture));
        userName ??= own?[0];

        var groups = ReadTable(rootfs, "/etc/group");
        uint gid = security.RunAsGroup is { } g ? checked((uint)g.Value)
            : imageGroup.Length > 0 && security.RunAsUser is null ? GroupId(groups, imageGroup)
            : own is { Length: > 3 } ? ParseId(own[3], "/etc/passwd") : 0;

        var extra = new SortedSet<uint>();
        if (userName is not null)
        {
            foreach (var grp in groups.Where(x => x.Length > 3 && x[3].Split(',').Contains(userName)))
                extra.Add(ParseId(grp[2], "/etc/group"));
        }
        foreach (var s in security.SupplementalGroups) extra.Add(checked((uint)s));
        extra.Remove(gid);
        return new OciUser { Uid = uid, Gid = gid, AdditionalGids = extra.Count > 0 ? [.. extra] : null };
    }

    private static uint GroupId(List<string[]> groups, string group)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        var entry = groups.FirstOrDefault(x => x[0] == group)
            ?? throw CriMeshException.Invalid($"group \"{group}\" is not in the image's /etc/group");
        return ParseId(entry[2], "/etc/group");
    }

    private static uint ParseId(string text, string file) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : throw CriMeshException.Invalid($"bad numeric id \"{text}\" in the image's {file}");

    /// <summary>The colon-separated lines of an image file (at most 1 MiB read); empty when it is absent.</summary>
    private static List<string[]> ReadTable(string rootfs, string path)
    {
        var file = ScopedPath.Resolve(rootfs, path);
        if (!File.Exists(file)) return [];
        using var stream = File.OpenRead(file);
        using var reader = new StreamReader(stream);
        var buffer = new char[1 << 20];
        var text = new string(buffer, 0, reader.ReadBlock(buffer));
        return text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':')).Where(f => f.Length >= 3).ToList();
    }
}

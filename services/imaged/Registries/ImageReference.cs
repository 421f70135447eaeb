using CriMesh.Common.Errors;
using CriMesh.Imaged.Manifests;

namespace CriMesh.Imaged.Registries;

/// <summary>
/// A parsed image reference <c>[registry/]path[:tag][@digest]</c> in the grammar of the distribution
/// project. A name without a registry is a short name; <see cref="Qualify"/> places it on a registry the
/// way kubelet and Docker do (busybox → docker.io/library/busybox).
/// </summary>
public sealed record ImageReference
{
    public const string DockerHub = "docker.io";

    private ImageReference(string registry, string path, string? tag, Digest? digest, bool shortName)
    {
        Registry = registry;
        Path = path;
        Tag = tag;
        Digest = digest;
        IsShortName = shortName;
    }

    /// <summary>Registry host[:port]; empty for a short name.</summary>
    public string Registry { get; }

    /// <summary>Repository path inside the registry, e.g. <c>library/busybox</c>.</summary>
    public string Path { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>True when the text named no registry.</summary>
    public bool IsShortName { get; }

    /// <summary><c>registry/path</c>, or just the path for a short name.</summary>
    public string Name => Registry.Length > 0 ? $"{Registry}/{Path}" : Path;

    /// <summary>The full reference with the tag (<c>latest</c> when none and no digest) and the digest.</summary>
    public override string ToString() =>
        Name + (Tag is not null ? ":" + Tag : "") + (Digest is { } d ? "@" + d : "");

    /// <summary>Name:tag, or null when pulled by digest only.</summary>
    public string? TaggedName => Tag is null ? null : $"{Name}:{Tag}";

    /// <summary>The same reference on <paramref name="registry"/> (docker.io gets the library/ namespace).</summary>
    public ImageReference Qualify(string registry)
    {
        var path = registry == DockerHub && !Path.Contains('/', StringComparison.Ordinal) ? "library/" + Path : Path;
        return new ImageReference(registry, path, Tag, Digest, shortName: false);
    }

    public ImageReference WithDigest(Digest digest) => new(Registry, Path, Tag, digest, IsShortName);

    /// <summary>
    /// Parses <paramref name="text"/>. Without a tag or digest the tag is <c>latest</c>. A short name stays
    /// short (see <see cref="IsShortName"/>). InvalidArgument with the reason when malformed.
    /// </summary>
    public static ImageReference Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CriMeshException.Invalid("image reference is empty");
        }
        if (text.Length > 4096)
        {
            throw CriMeshException.Invalid($"image reference is {text.Length} characters long, more than 4096");
        }
        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!CriMesh.Common.Images.Digest.TryParse(rest[(at + 1)..], out var d))
            {
                throw CriMeshException.Invalid($"image reference \"{text}\" has an invalid digest");
            }
            digest = d;
            rest = rest[..at];
        }
        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!IsValidTag(tag))
            {
                throw CriMeshException.Invalid($"image reference \"{text}\" has an invalid tag \"{tag}\"");
            }
        }
        var registry = "";
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = rest[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
                || first == "localhost" || first.Any(char.IsUpper))
            {
                registry = first;
                rest = rest[(firstSlash + 1)..];
            }
        }
        if (registry.Length > 0 && !IsValidRegistry(registry))
        {
            throw CriMeshException.Invalid($"image reference \"{text}\" has an invalid registry \"{registry}\"");
        }
        if (!IsValidPath(rest))
        {
            throw CriMeshException.Invalid($"image reference \"{text}\" has an invalid repository name \"{rest}\" (lowercase letters, digits and separators only)");
        }
        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }
        if (tag is null && digest is null)
        {
            tag = "latest";
        }
        var reference = new ImageReference(registry, rest, tag, digest, registry.Length == 0);
        return registry == DockerHub ? reference.Qualify(DockerHub) : reference;
    }

    /// <summary>Parses and qualifies a short name on docker.io, as kubelet does.</summary>
    public static ImageReference ParseNormalized(string? text)
    {
        var r = Parse(text);
        return r.IsShortName ? r.Qualify(DockerHub) : r;
    }

    private static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= 128
        && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static bool IsValidRegistry(string registry)
    {
        var host = registry;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            var after = host[(close + 1)..];
            return (after.Length == 0 || (after[0] == ':' && IsPort(after[1..])))
                && host[1..close].All(c => char.IsAsciiHexDigit(c) || c == ':');
        }
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!IsPort(host[(colon + 1)..]))
            {
                return false;
            }
            host = host[..colon];
        }
        return host.Length > 0 && host.Split('.').All(label =>
            label.Length > 0 && char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1])
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static bool IsPort(string s) => s.Length is > 0 and <= 5 && s.All(char.IsAsciiDigit);

    private static bool IsValidPath(string path)
    {
        if (path.Length is 0 or > 255)
        {
            return false;
        }
        foreach (var component in path.Split('/'))
        {
            if (!IsValidComponent(component))
            {
                return false;
            }
        }
        return true;
    }

    // A component is alphanumerics joined by one separator: ".", "_", "__" or any run of "-".
    private static bool IsValidComponent(string c)
    {
        if (c.Length == 0 || !IsLowerAlnum(c[0]) || !IsLowerAlnum(c[^1]))
        {
            return false;
        }
        for (var i = 1; i < c.Length - 1; i++)
        {
            if (IsLowerAlnum(c[i]))
            {
                continue;
            }
            var start = i;
            while (i < c.Length - 1 && !IsLowerAlnum(c[i]))
            {
                i++;
            }
            var sep = c[start..i];
            if (sep is not ("." or "_" or "__") && !sep.All(ch => ch == '-'))
            {
                return false;
            }
            i--;
        }
        return true;
    }

    private static bool IsLowerAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}

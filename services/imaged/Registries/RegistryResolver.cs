using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Registries;

/// <summary>
/// Turns a reference into the endpoints to pull it from, per registries.conf: the longest matching
/// <c>[[registry]]</c> prefix decides; its mirrors come first (filtered by pull-from-mirror and
/// mirror-by-digest-only), then its location. A blocked registry is refused with PermissionDenied.
/// </summary>
public sealed class RegistryResolver(RegistriesConfig config)
{
    public RegistriesConfig Config => config;

    /// <summary>Registries a short name is tried on, in order (docker.io when none is configured).</summary>
    public IReadOnlyList<string> SearchRegistries =>
        config.UnqualifiedSearchRegistries.Count > 0 ? config.UnqualifiedSearchRegistries : [ImageReference.DockerHub];

    /// <summary>The fully qualified candidates for <paramref name="reference"/>: itself, or one per search registry.</summary>
    public IReadOnlyList<ImageReference> Candidates(ImageReference reference) =>
        reference.IsShortName ? SearchRegistries.Select(reference.Qualify).ToList() : [reference];

    /// <summary>The matching entry, or null when no [[registry]] applies.</summary>
    public RegistryEntry? Match(ImageReference reference)
    {
        var text = reference.ToString();
        RegistryEntry? best = null;
        var bestLength = -1;
        foreach (var e in config.Registries)
        {
            int length;
            if (e.IsWildcard)
            {
                var suffix = e.Prefix[1..];
                var host = reference.Registry;
                var colon = host.IndexOf(':', StringComparison.Ordinal);
                var hostname = colon >= 0 ? host[..colon] : host;
                if (!hostname.EndsWith(suffix, StringComparison.Ordinal) || hostname.Length == suffix.Length)
                {
                    continue;
                }
                length = e.Prefix.Length;
            }
            else
            {
                if (!text.StartsWith(e.Prefix, StringComparison.Ordinal)
                    || (text.Length > e.Prefix.Length && text[e.Prefix.Length] is not ('/' or ':' or '@')))
                {
                    continue;
                }
                length = e.Prefix.Length;
            }
            if (length > bestLength)
            {
                best = e;
                bestLength = length;
            }
        }
        return best;
    }

    /// <summary>The endpoints to try for a qualified <paramref name="reference"/>, in order.</summary>
    public IReadOnlyList<RegistryEndpoint> Endpoints(ImageReference reference)
    {
        if (reference.IsShortName)
        {
            throw new InvalidOperationException("endpoints need a qualified reference");
        }
        var entry = Match(reference);
        if (entry is null)
        {
            return [new RegistryEndpoint(reference.Registry, reference.Path, Insecure: false, IsMirror: false)];
        }
        if (entry.Blocked)
        {
            throw new CriMeshException(ErrorKind.PermissionDenied,
                $"registry {reference.Registry} is blocked by registries.conf (prefix \"{entry.Prefix}\"): cannot pull {reference}");
        }
        var list = new List<RegistryEndpoint>();
        var byDigest = reference.Digest is not null;
        foreach (var m in entry.MirrorList)
        {
            var allowed = m.PullFromMirror switch
            {
                "digest-only" => byDigest,
                "tag-only" => !byDigest,
                _ => !entry.MirrorByDigestOnly || byDigest,
            };
            if (allowed)
            {
                list.Add(Rewrite(reference, entry, m.Location, m.Insecure, isMirror: true));
            }
        }
        list.Add(Rewrite(reference, entry, entry.Location, entry.Insecure, isMirror: false));
        return list;
    }

    /// <summary>
    /// True when <paramref name="hostPort"/> (host[:port]) is itself configured insecure: the location of an
    /// insecure <c>[[registry]]</c>, or an insecure mirror, is on that host. Used for hosts a registry points
    /// at (a token realm), which are trusted no further than their own configuration says.
    /// </summary>
    public bool IsInsecureHost(string hostPort)
    {
        foreach (var e in config.Registries)
        {
            if (e.Insecure && !e.IsWildcard && HostOf(e.Location.Length > 0 ? e.Location : e.Prefix) == hostPort)
            {
                return true;
            }
            if (e.Insecure && e.IsWildcard)
            {
                var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
                var hostname = colon >= 0 ? hostPort[..colon] : hostPort;
                if (hostname.EndsWith(e.Prefix[1..], StringComparison.Ordinal) && hostname.Length > e.Prefix.Length - 1)
                {
                    return true;
                }
            }
            if (e.MirrorList.Any(m => m.Insecure && HostOf(m.Location) == hostPort))
            {
                return true;
            }
        }
        return false;
    }

    private static string HostOf(string location)
    {
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? location[..slash] : location;
    }

    private static RegistryEndpoint Rewrite(ImageReference reference, RegistryEntry entry, string location, bool insecure, bool isMirror)
    {
        var name = reference.Name;
        if (!entry.IsWildcard && location.Length > 0)
        {
            name = location + name[Math.Min(entry.Prefix.Length, name.Length)..];
        }
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1)
        {
            throw CriMeshException.Invalid($"registry location \"{location}\" rewrites {reference} to \"{name}\", which names no repository");
        }
        return new RegistryEndpoint(name[..slash], name[(slash + 1)..], insecure, isMirror);
    }
}

using System.Text.Json;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// Credentials from an auth.json in the containers format or a Docker config.json:
/// <c>{"auths": {"host[/namespace]": {"auth": "base64(user:pass)", "identitytoken": "..."}}}</c>.
/// A lookup tries the most specific key first (host/repo/path, ..., host); Docker Hub's legacy key
/// <c>https://index.docker.io/v1/</c> counts as docker.io. The file is re-read when it changes.
/// </summary>
public sealed class AuthFile(string path)
{
    private readonly Lock _gate = new();
    private (DateTime Stamp, long Length, Dictionary<string, RegistryCredentials> Entries)? _cache;

    public string Path => path;

    /// <summary>The first candidate file that exists, or null.</summary>
    public static string? Locate(string configured)
    {
        if (configured.Length > 0)
        {
            return configured;
        }
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("REGISTRY_AUTH_FILE") is { Length: > 0 } env)
        {
            candidates.Add(env);
        }
        candidates.Add("/run/containers/0/auth.json");
        if (Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home)
        {
            candidates.Add(System.IO.Path.Combine(home, ".docker", "config.json"));
        }
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Credentials for <paramref name="host"/>/<paramref name="repository"/>, or null.</summary>
    public RegistryCredentials? Lookup(string host, string repository)
    {
        var entries = Load();
        if (entries.Count == 0)
        {
            return null;
        }
        var key = $"{host}/{repository}";
        while (true)
        {
            if (entries.TryGetValue(key, out var c))
            {
                return c;
            }
            var slash = key.LastIndexOf('/');
            if (slash < 0)
            {
                return null;
            }
            key = key[..slash];
        }
    }

    private Dictionary<string, RegistryCredentials> Load()
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return [];
        }
        lock (_gate)
        {
            if (_cache is { } c && c.Stamp == info.LastWriteTimeUtc && c.Length == info.Length)
            {
                return c.Entries;
            }
            var entries = Parse(File.ReadAllBytes(path), path);
            _cache = (info.LastWriteTimeUtc, info.Length, entries);
            return entries;
        }
    }

    /// <summary>Parses auth.json bytes; <paramref name="source"/> names the file in errors.</summary>
    public static Dictionary<string, RegistryCredentials> Parse(byte[] content, string source)
    {
        var result = new Dictionary<string, RegistryCredentials>(StringComparer.Ordinal);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw CriMeshException.Invalid($"auth file {source} is not valid json: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return result;
            }
            foreach (var entry in auths.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                var auth = Str(entry.Value, "auth");
                var (user, pass) = auth.Length > 0
                    ? RegistryCredentials.DecodeAuth(auth, $"auth file {source} entry \"{entry.Name}\"")
                    : (Str(entry.Value, "username"), Str(entry.Value, "password"));
                var creds = new RegistryCredentials(user, pass, Str(entry.Value, "identitytoken"), Str(entry.Value, "registrytoken"));
                result[NormalizeKey(entry.Name)] = creds;
            }
        }
        return result;
    }

    /// <summary>Strips a scheme and trailing slashes; Docker Hub's legacy keys become docker.io.</summary>
    public static string NormalizeKey(string key)
    {
        var k = key;
        var scheme = k.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            k = k[(scheme + 3)..];
        }
        k = k.TrimEnd('/');
        if (k.EndsWith("/v1", StringComparison.Ordinal) || k.EndsWith("/v2", StringComparison.Ordinal))
        {
            k = k[..^3];
        }
        return k is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : k;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}

using System.Collections.Concurrent;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// Bearer tokens by realm, service, scope and credential identity, reused until shortly before they
/// expire. Shared by all pulls of the daemon.
/// </summary>
public sealed class TokenCache(TimeProvider time)
{
    /// <summary>A token is dropped this long before its stated expiry, to survive clock skew and slow requests.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public static string Key(AuthChallenge challenge, string scope, RegistryCredentials credentials) =>
        $"{challenge.Realm}\n{challenge.Service}\n{scope}\n{credentials.CacheKey}";

    public bool TryGet(string key, out string token)
    {
        if (_tokens.TryGetValue(key, out var entry) && time.GetUtcNow() < entry.Expires - Margin)
        {
            token = entry.Token;
            return true;
        }
        token = "";
        return false;
    }

    /// <summary>Keeps <paramref name="token"/> for <paramref name="lifetime"/> from <paramref name="issued"/> (or now).</summary>
    public void Put(string key, string token, TimeSpan lifetime, DateTimeOffset? issued)
    {
        var start = issued is { } i && i <= time.GetUtcNow() ? i : time.GetUtcNow();
        _tokens[key] = (token, start + lifetime);
    }

    public void Remove(string key) => _tokens.TryRemove(key, out _);

    public int Count => _tokens.Count;
}

using System.Text;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge: a scheme (Basic or Bearer) and its auth-params
/// (<c>realm</c>, <c>service</c>, <c>scope</c>), as RFC 7235 writes them.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string Realm => Parameters.GetValueOrDefault("realm", "");

    public string Service => Parameters.GetValueOrDefault("service", "");

    public string Scope => Parameters.GetValueOrDefault("scope", "");

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one header value; null when it is not a challenge.</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var s = header.Trim();
        var space = s.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? s : s[..space];
        if (scheme.Length == 0 || !scheme.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space < 0 ? s.Length : space + 1;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ','))
            {
                i++;
            }
            var eq = s.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }
            var name = s[i..eq].Trim();
            i = eq + 1;
            var value = new StringBuilder();
            if (i < s.Length && s[i] == '"')
            {
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                    }
                    value.Append(s[i++]);
                }
                i++;
            }
            else
            {
                while (i < s.Length && s[i] != ',')
                {
                    value.Append(s[i++]);
                }
            }
            if (name.Length > 0)
            {
                parameters[name] = value.ToString().Trim();
            }
        }
        return new AuthChallenge(scheme, parameters);
    }
}

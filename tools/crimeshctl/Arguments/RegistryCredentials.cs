using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Arguments;

/// <summary>Registry credentials from <c>--creds USER[:PASS]</c> or <c>--auth BASE64</c>, turned into a CRI <see cref="AuthConfig"/>.</summary>
internal static class RegistryCredentials
{
    /// <summary>
    /// Splits <c>USER[:PASS]</c> at the first colon (the password may hold colons). Without a colon the
    /// password is sent empty; the registry decides whether that is enough.
    /// </summary>
    public static AuthConfig FromCreds(string creds)
    {
        var colon = creds.IndexOf(':');
        var user = colon < 0 ? creds : creds[..colon];
        var password = colon < 0 ? "" : creds[(colon + 1)..];
        if (user.Length == 0)
        {
            throw new UsageException("--creds needs a user name: USER[:PASS]");
        }

        return new AuthConfig { Username = user, Password = password };
    }

    /// <summary>Takes a base64 <c>USER:PASS</c> string as the CRI's <c>auth</c> field, after checking it is base64.</summary>
    public static AuthConfig FromAuth(string auth)
    {
        var trimmed = auth.Trim();
        var buffer = new byte[trimmed.Length];
        if (trimmed.Length == 0 || !Convert.TryFromBase64String(trimmed, buffer, out _))
        {
            throw new UsageException("--auth must be base64 of USER:PASS");
        }

        return new AuthConfig { Auth = trimmed };
    }

    /// <summary>The AuthConfig for a pull: from --creds or --auth (not both), or none.</summary>
    public static AuthConfig? FromFlags(string? creds, string? auth) => (creds, auth) switch
    {
        (not null, not null) => throw new UsageException("--creds and --auth are exclusive"),
        (not null, null) => FromCreds(creds),
        (null, not null) => FromAuth(auth),
        _ => null,
    };
}

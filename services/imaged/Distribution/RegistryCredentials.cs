using System.Text;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Distribution;

/// <summary>
/// Credentials for one pull, from the CRI AuthConfig or an auth.json entry. <see cref="RegistryToken"/>
/// is a bearer token sent as is; <see cref="IdentityToken"/> is an OAuth2 refresh token exchanged at
/// the token endpoint; otherwise username and password.
/// </summary>
public sealed record RegistryCredentials(
    string Username = "",
    string Password = "",
    string IdentityToken = "",
    string RegistryToken = "")
{
    public static RegistryCredentials Anonymous { get; } = new();

    public bool IsAnonymous => Username.Length == 0 && Password.Length == 0 && IdentityToken.Length == 0 && RegistryToken.Length == 0;

    public bool HasPassword => Username.Length > 0 || Password.Length > 0;

    /// <summary>A short stable identity for token caching (never the secret itself).</summary>
    public string CacheKey => IsAnonymous ? "" : Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{Username}\n{Password}\n{IdentityToken}\n{RegistryToken}")))[..16];

    /// <summary>The value of an <c>Authorization: Basic</c> header.</summary>
    public string BasicHeaderValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>
    /// Builds credentials from the fields of a CRI AuthConfig; <paramref name="auth"/> is base64 of
    /// user:password and is used when username and password are empty.
    /// </summary>
    public static RegistryCredentials From(string username, string password, string auth, string identityToken, string registryToken)
    {
        if (username.Length == 0 && password.Length == 0 && auth.Length > 0)
        {
            (username, password) = DecodeAuth(auth, "auth config");
        }
        return new RegistryCredentials(username, password, identityToken, registryToken);
    }

    /// <summary>Decodes base64 <c>user:password</c>; InvalidArgument when it is not.</summary>
    public static (string Username, string Password) DecodeAuth(string auth, string source)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Trim()));
        }
        catch (FormatException)
        {
            throw CriMeshException.Invalid($"{source}: auth is not valid base64");
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw CriMeshException.Invalid($"{source}: auth does not decode to user:password");
        }
        return (text[..colon], text[(colon + 1)..]);
    }

    public override string ToString() => IsAnonymous ? "anonymous" : $"user \"{Username}\"";
}

namespace CriMesh.Testing.Registry;

/// <summary>
/// Credentials for <see cref="RegistryPusher"/>: a user and password, sent as Basic auth to an htpasswd registry or to
/// the token server of a token-auth registry.
/// </summary>
/// <param name="User">The user name.</param>
/// <param name="Password">The password.</param>
public sealed record RegistryCredentials(string User, string Password)
{
    /// <summary>The <c>--creds user:password</c> form skopeo takes.</summary>
    public string ToSkopeoCreds() => $"{User}:{Password}";
}

using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Which credentials a pull uses at an endpoint: those of the request when given (the CRI AuthConfig,
/// meant for the image's registry, so not sent to mirrors on other hosts unless its server_address names
/// them), else the auth.json entry for the endpoint, else none.
/// </summary>
public sealed class CredentialSource(ImagedOptions options)
{
    private readonly AuthFile? _file = AuthFile.Locate(options.AuthFile) is { } path ? new AuthFile(path) : null;

    public RegistryCredentials For(RegistryEndpoint endpoint, ImageReference reference, RegistryCredentials? requested, string serverAddress)
    {
        if (requested is { IsAnonymous: false })
        {
            var target = serverAddress.Length > 0 ? AuthFile.NormalizeKey(serverAddress) : reference.Registry;
            if (target == endpoint.Host || target.StartsWith(endpoint.Host + "/", StringComparison.Ordinal) || !endpoint.IsMirror)
            {
                return requested;
            }
        }
        return _file?.Lookup(endpoint.Host, endpoint.Repository) ?? RegistryCredentials.Anonymous;
    }
}

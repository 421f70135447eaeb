using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Registries;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Which credentials a pull uses at an endpoint. Those of the request (the CRI AuthConfig) belong to one
/// registry host: its server_address when set, else the registry of the reference as kubelet wrote it
/// (docker.io for a short name, as kubelet's own normalisation has it). They go to an endpoint on exactly
/// that host and nowhere else: not to other search registries, not to a mirror or a rewritten location on
/// another host. Every other endpoint gets its auth.json entry, else nothing.
/// </summary>
public sealed class CredentialSource(ImagedOptions options)
{
    private readonly AuthFile? _file = AuthFile.Locate(options.AuthFile) is { } path ? new AuthFile(path) : null;

    /// <summary>The registry host the request's credentials were given for.</summary>
    public static string OwnerOf(ImageReference requested, string serverAddress)
    {
        if (serverAddress.Length == 0)
        {
            return requested.IsShortName ? ImageReference.DockerHub : requested.Registry;
        }
        var key = AuthFile.NormalizeKey(serverAddress.Trim());
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? key[..slash] : key;
    }

    /// <param name="owner">What <see cref="OwnerOf"/> gave for the pull.</param>
    public RegistryCredentials For(RegistryEndpoint endpoint, RegistryCredentials? requested, string owner)
    {
        if (requested is { IsAnonymous: false } && string.Equals(endpoint.Host, owner, StringComparison.OrdinalIgnoreCase))
        {
            return requested;
        }
        return _file?.Lookup(endpoint.Host, endpoint.Repository) ?? RegistryCredentials.Anonymous;
    }
}

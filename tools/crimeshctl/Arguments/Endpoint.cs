namespace CriMesh.Ctl.Arguments;

/// <summary>The CRI endpoint as crictl spells it: <c>unix:///path/to.sock</c> (a bare absolute path is accepted too).</summary>
internal static class Endpoint
{
    public const string DefaultRuntimeEndpoint = "unix:///run/crimesh/crimesh.sock";

    private const string UnixScheme = "unix://";

    /// <summary>Returns the socket path of <paramref name="endpoint"/>; a usage error for anything but a Unix socket.</summary>
    public static string ToSocketPath(string endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new UsageException("empty runtime endpoint (expected unix:///path/to.sock)");
        }

        string path;
        if (endpoint.StartsWith(UnixScheme, StringComparison.OrdinalIgnoreCase))
        {
            path = endpoint[UnixScheme.Length..];
        }
        else if (endpoint.StartsWith('/'))
        {
            path = endpoint;
        }
        else
        {
            var scheme = endpoint.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? endpoint[..at] : null;
            throw new UsageException(scheme is null
                ? $"runtime endpoint \"{endpoint}\" is not a unix socket (expected unix:///path/to.sock)"
                : $"unsupported runtime endpoint scheme \"{scheme}\" in \"{endpoint}\" (only unix:// is supported)");
        }

        if (!path.StartsWith('/'))
        {
            throw new UsageException($"runtime endpoint \"{endpoint}\" must name an absolute socket path (unix:///path/to.sock)");
        }

        if (path.EndsWith('/') || path.Contains('\0'))
        {
            throw new UsageException($"runtime endpoint \"{endpoint}\" does not name a socket file");
        }

        return path;
    }
}

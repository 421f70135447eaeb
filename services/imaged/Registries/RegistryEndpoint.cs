namespace CriMesh.Imaged.Registries;

/// <summary>
/// One place to try a pull from: a registry host, the repository there, and how to reach it. Insecure
/// (as registries.conf means it) allows TLS with an untrusted certificate and plain HTTP.
/// </summary>
/// <param name="Host">host[:port] as written in references (docker.io, not its API host).</param>
/// <param name="Repository">Repository path on that host.</param>
public sealed record RegistryEndpoint(string Host, string Repository, bool Insecure, bool IsMirror)
{
    /// <summary>The host the HTTP API is served on (Docker Hub's differs from its name).</summary>
    public string ApiHost => Host == ImageReference.DockerHub ? "registry-1.docker.io" : Host;

    /// <summary>The API root over TLS, or over plain HTTP (allowed only when <see cref="Insecure"/>).</summary>
    public Uri ApiBase(bool tls) => new($"{(tls ? "https" : "http")}://{ApiHost}/v2/");

    public override string ToString() => $"{Host}/{Repository}";
}

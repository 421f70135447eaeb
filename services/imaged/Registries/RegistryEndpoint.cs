namespace CriMesh.Imaged.Registries;

/// <summary>One place to try a pull from: a registry host, the repository there, and how to reach it.</summary>
/// <param name="Host">host[:port] as written in references (docker.io, not its API host).</param>
/// <param name="Repository">Repository path on that host.</param>
public sealed record RegistryEndpoint(string Host, string Repository, bool Insecure, bool IsMirror)
{
    /// <summary>The host the HTTP API is served on (Docker Hub's differs from its name).</summary>
    public string ApiHost => Host == ImageReference.DockerHub ? "registry-1.docker.io" : Host;

    public Uri BaseUri => new($"{(Insecure ? "http" : "https")}://{ApiHost}/v2/");

    public override string ToString() => $"{Host}/{Repository}";
}

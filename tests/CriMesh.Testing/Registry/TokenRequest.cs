namespace CriMesh.Testing.Registry;

/// <summary>One request a <see cref="TokenServer"/> saw.</summary>
/// <param name="User">The user name given, or null for an anonymous request.</param>
/// <param name="Service">The <c>service</c> parameter.</param>
/// <param name="Scopes">The <c>scope</c> parameters (e.g. <c>repository:foo:pull</c>).</param>
/// <param name="Granted">Whether a token was issued.</param>
/// <param name="At">When (server clock).</param>
public sealed record TokenRequest(string? User, string? Service, IReadOnlyList<string> Scopes, bool Granted, DateTimeOffset At);

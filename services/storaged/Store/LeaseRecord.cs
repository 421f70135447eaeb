using CriMesh.Common.Errors;

namespace CriMesh.Storaged.Store;

/// <summary>
/// leases/&lt;id&gt;.json: a pull in flight. Every layer applied under it (and the chain below each) is
/// kept until the lease becomes an image's hold (CommitLease), is deleted, or expires; garbage collection
/// drops an expired lease and, with it, whatever only it held.
/// </summary>
public sealed record LeaseRecord
{
    public int Version { get; init; } = 1;

    /// <summary>32 lowercase hex digits, chosen by storaged.</summary>
    public required string Id { get; init; }

    /// <summary>What the lease is for (an image reference), for logs only.</summary>
    public string Purpose { get; init; } = "";

    /// <summary>How far each use pushes <see cref="ExpiresUnixNano"/> out.</summary>
    public long ExpiryMillis { get; init; }

    public long ExpiresUnixNano { get; init; }

    /// <summary>Layers applied (or found present) under the lease; each holds its chain.</summary>
    public IReadOnlyList<string> ChainIds { get; init; } = [];

    public long CreatedUnixNano { get; init; }

    public bool ExpiredAt(long nowUnixNano) => ExpiresUnixNano <= nowUnixNano;

    /// <summary>InvalidArgument unless <paramref name="id"/> has the shape storaged gives lease IDs.</summary>
    public static void ValidateId(string id)
    {
        if (id.Length == 0)
        {
            throw CriMeshException.Invalid("lease id is empty: open a lease with CreateLease first");
        }
        if (id.Length != 32 || id.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
        {
            throw CriMeshException.Invalid($"lease id \"{id}\" is not 32 lowercase hex digits");
        }
    }
}

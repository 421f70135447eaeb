namespace CriMesh.Imaged.Store;

/// <summary>What a removal did: nothing (not found), dropped one tag, or deleted the image.</summary>
public sealed record RemoveOutcome(bool Found, string? UntaggedOnly, ImageRecord? Deleted);

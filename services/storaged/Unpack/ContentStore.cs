using CriMesh.Common.Errors;
using CriMesh.Common.Images;
using CriMesh.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// Where layer blobs come from: a content store (imaged's blobs/) that storaged is configured to read,
/// laid out as &lt;root&gt;/&lt;algorithm&gt;/&lt;hex&gt;. A blob is named by its digest, never by a path a caller
/// chose, and is opened with openat2 beneath the root without following any symlink; only a regular file
/// is accepted.
/// </summary>
public sealed class ContentStore(string root)
{
    private const int O_NONBLOCK = 0x800;
    private const ulong Confined = Libc.RESOLVE_BENEATH | Libc.RESOLVE_NO_SYMLINKS | Libc.RESOLVE_NO_MAGICLINKS;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The path of <paramref name="digest"/>'s blob (for messages and the deprecated blob_path check).</summary>
    public string PathOf(Digest digest) => Path.Combine(Root, digest.Algorithm, digest.Hex);

    /// <summary>
    /// The blob a request names: by <paramref name="blobDigest"/>, or by the deprecated
    /// <paramref name="blobPath"/>, which must then be exactly a content-store path
    /// (&lt;root&gt;/&lt;algorithm&gt;/&lt;hex&gt;, agreeing with the digest when both are given). Any other path is
    /// InvalidArgument: storaged reads blobs only from its content store.
    /// </summary>
    public Digest Resolve(string blobPath, string blobDigest)
    {
        if (blobDigest.Length > 0)
        {
            var digest = Digest.Parse(blobDigest, "layer blob");
            if (blobPath.Length > 0 && blobPath != PathOf(digest))
            {
                throw OutsidePath(blobPath);
            }
            return digest;
        }
        if (blobPath.Length == 0)
        {
            throw CriMeshException.Invalid("layer blob digest is empty");
        }
        var relative = Path.IsPathFullyQualified(blobPath) ? Path.GetRelativePath(Root, blobPath) : "..";
        var parts = relative.Split('/');
        if (parts.Length != 2 || !Digest.TryParse(parts[0] + ":" + parts[1], out var named) || PathOf(named) != blobPath)
        {
            throw OutsidePath(blobPath);
        }
        return named;
    }

    private CriMeshException OutsidePath(string blobPath) => CriMeshException.Invalid(
        $"blob path \"{blobPath}\" is not a blob of storaged's content store {Root} (<algorithm>/<hex> below it)");

    /// <summary>Opens the blob of <paramref name="digest"/> for reading (seekable).</summary>
    public FileStream Open(Digest digest)
    {
        using var dir = OpenRoot();
        var relative = digest.Algorithm + "/" + digest.Hex;
        // O_NONBLOCK: a FIFO planted in the store must not hang the open; it is refused below.
        var fd = Libc.Openat2(dir, relative, Libc.O_RDONLY | Libc.O_NOFOLLOW | O_NONBLOCK, 0, Confined);
        if (fd < 0)
        {
            throw OpenFailed(digest, System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Libc.Check(Libc.Statx(handle, "", Libc.AT_EMPTY_PATH, out var st), "statx", PathOf(digest));
            if (st.FileType != Libc.S_IFREG)
            {
                throw CriMeshException.Invalid($"layer blob {PathOf(digest)} is not a regular file");
            }
            return new FileStream(handle, FileAccess.Read, 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private SafeFileHandle OpenRoot()
    {
        try
        {
            return Libc.OpenHandle(Root, Libc.O_RDONLY | Libc.O_DIRECTORY);
        }
        catch (SyscallException e)
        {
            throw new CriMeshException(ErrorKind.FailedPrecondition, $"content store {Root} cannot be opened: {e.ErrnoName}", e);
        }
    }

    private CriMeshException OpenFailed(Digest digest, int errno) => errno switch
    {
        Libc.ENOENT => CriMeshException.NotFound($"layer blob {digest} not found in content store {Root}"),
        Libc.ELOOP or Libc.EXDEV => CriMeshException.Invalid(
            $"layer blob {PathOf(digest)} is reached through a symlink or leaves the content store ({Libc.ErrnoName(errno)})"),
        _ => new CriMeshException(ErrorKind.InvalidArgument, $"layer blob {PathOf(digest)} cannot be opened: {Libc.ErrnoName(errno)}"),
    };
}

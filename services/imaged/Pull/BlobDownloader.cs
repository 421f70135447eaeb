using System.Collections.Concurrent;
using System.Net;
using CriMesh.Common.Errors;
using CriMesh.Imaged.Distribution;
using CriMesh.Imaged.Manifests;
using CriMesh.Imaged.Options;
using CriMesh.Imaged.Store;
using Microsoft.Extensions.Logging;

namespace CriMesh.Imaged.Pull;

/// <summary>
/// Downloads layer blobs into the store: at most <see cref="ImagedOptions.MaxConcurrentDownloads"/> at
/// once, one download per digest however many pulls want it, resumed from the ingest file with an HTTP
/// Range request, hashed while written, renamed into blobs/ only once size and digest match (SIGKILL-safe;
/// the fsync for power loss is the pull's, see <see cref="ImageStore.Sync"/>).
/// </summary>
public sealed class BlobDownloader(ImageStore store, ImagedOptions options, ILogger<BlobDownloader> logger) : IDisposable
{
    private const int BufferSize = 256 * 1024;
    private const int MaxAttempts = 3;
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentDownloads, options.MaxConcurrentDownloads);
    private readonly ConcurrentDictionary<string, SharedDownload> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes sure <paramref name="blob"/> is in the store, downloading it from <paramref name="session"/> if
    /// needed. <paramref name="progress"/> gets the bytes as they are done, with true for those that came over
    /// the network now (not a present blob, a resumed partial, or another pull's download). True when it was downloaded now.
    /// </summary>
    public async Task<bool> EnsureAsync(RegistrySession session, Descriptor blob, Action<long, bool> progress, CancellationToken cancellationToken)
    {
        var key = blob.Digest.ToString();
        while (true)
        {
            if (store.HasBlob(blob.Digest, blob.Size))
            {
                Log.BlobPresent(logger, key);
                progress(blob.Size, false);
                return false;
            }
            var created = false;
            if (!_inFlight.TryGetValue(key, out var shared))
            {
                var fresh = new SharedDownload(ct => RunAsync(session, blob, progress, ct));
                if (!_inFlight.TryAdd(key, fresh))
                {
                    continue;
                }
                fresh.TryJoin();
                fresh.Start();
                shared = fresh;
                created = true;
            }
            else if (!shared.TryJoin())
            {
                _inFlight.TryRemove(new KeyValuePair<string, SharedDownload>(key, shared));
                continue;
            }
            try
            {
                await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!created)
                {
                    progress(blob.Size, false);
                }
                return created;
            }
            finally
            {
                if (shared.Task.IsCompleted)
                {
                    _inFlight.TryRemove(new KeyValuePair<string, SharedDownload>(key, shared));
                }
            }
        }
    }

    private async Task RunAsync(RegistrySession session, Descriptor blob, Action<long, bool> progress, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await DownloadAsync(session, blob, progress, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (CriMeshException e) when (e.Kind == ErrorKind.Unavailable && attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
                {
                    // A dropped connection keeps the partial file; the next attempt resumes it.
                    Log.BlobRetry(logger, session.Endpoint.Host, blob.Digest.ToString(), PartialLength(blob.Digest), e.Message);
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private long PartialLength(Digest digest)
    {
        var info = new FileInfo(store.IngestPath(digest));
        return info.Exists ? info.Length : 0;
    }

    private async Task DownloadAsync(RegistrySession session, Descriptor blob, Action<long, bool> progress, CancellationToken cancellationToken)
    {
        var path = store.IngestPath(blob.Digest);
        var what = $"blob {blob.Digest} of {session.Endpoint}";
        using var hasher = blob.Digest.CreateHasher();
        var offset = await HashPartialAsync(path, blob, hasher, cancellationToken).ConfigureAwait(false);
        if (offset == blob.Size)
        {
            VerifyAndCommit(path, blob, hasher, what);
            progress(offset, false);
            return;
        }
        if (offset > 0)
        {
            Log.BlobResuming(logger, blob.Digest.ToString(), offset, blob.Size);
        }
        using var response = await session.OpenBlobAsync(blob.Digest, offset, cancellationToken).ConfigureAwait(false);
        if (offset > 0 && (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentRange?.From != offset))
        {
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                await session.EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
            }
            // The registry ignored the range: start over.
            File.Delete(path);
            throw new CriMeshException(ErrorKind.Unavailable, $"registry {session.Endpoint.Host} did not resume {what} at byte {offset}");
        }
        await session.EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
        if (offset > 0)
        {
            progress(offset, false);
        }
        var total = await CopyAsync(session, response, path, offset, blob, hasher, progress, what, cancellationToken).ConfigureAwait(false);
        if (total != blob.Size)
        {
            File.Delete(path);
            throw new CriMeshException(ErrorKind.DataLoss, $"{what} is truncated: the registry sent {total} of its {blob.Size} bytes");
        }
        VerifyAndCommit(path, blob, hasher, what);
        Log.BlobDownloaded(logger, blob.Digest.ToString(), total - offset, offset);
    }

    private void VerifyAndCommit(string path, Descriptor blob, System.Security.Cryptography.IncrementalHash hasher, string what)
    {
        var actual = Digest.FromHash(blob.Digest.Algorithm, hasher.GetHashAndReset());
        if (actual != blob.Digest)
        {
            File.Delete(path);
            throw new CriMeshException(ErrorKind.DataLoss, $"{what} does not match its digest: its bytes hash to {actual}");
        }
        store.CommitBlob(path, blob.Digest);
    }

    /// <summary>Hashes an existing partial download and returns its length (0 when none or unusable; the full size when complete).</summary>
    private static async Task<long> HashPartialAsync(string path, Descriptor blob, System.Security.Cryptography.IncrementalHash hasher, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return 0;
        }
        if (info.Length > blob.Size)
        {
            info.Delete();
            return 0;
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var buffer = new byte[BufferSize];
            long length = 0;
            int n;
            while ((n = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.AppendData(buffer, 0, n);
                length += n;
            }
            return length;
        }
    }

    private async Task<long> CopyAsync(RegistrySession session, HttpResponseMessage response, string path, long offset, Descriptor blob,
        System.Security.Cryptography.IncrementalHash hasher, Action<long, bool> progress, string what, CancellationToken cancellationToken)
    {
        var total = offset;
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = offset > 0 ? FileMode.Append : FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = StorePermissions.File,
        });
        await using (file.ConfigureAwait(false))
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                while (true)
                {
                    idle.CancelAfter(options.RegistryReadTimeout);
                    int n;
                    try
                    {
                        n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                        throw new CriMeshException(ErrorKind.Unavailable, $"registry {session.Endpoint.Host} stopped sending {what} at byte {total}");
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                        throw new CriMeshException(ErrorKind.Unavailable, $"registry {session.Endpoint.Host} broke off {what} at byte {total}: {e.Message}", e);
                    }
                    if (n == 0)
                    {
                        break;
                    }
                    if (total + n > blob.Size)
                    {
                        File.Delete(path);
                        throw new CriMeshException(ErrorKind.DataLoss, $"{what} is longer than the {blob.Size} bytes the manifest gives");
                    }
                    hasher.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    total += n;
                    progress(n, true);
                }
            }
        }
        return total;
    }

    public void Dispose() => _slots.Dispose();
}

using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CriMesh.Testing.Registry;

/// <summary>
/// What a <see cref="FaultyRegistry"/> answers on one path: a correct body (with Range support), an error status,
/// or a fault (truncated body, dropped connection, hang, trickle). Combine with <see cref="Sequence"/> to answer
/// differently on later calls (e.g. drop the first download, serve the resumed one).
/// </summary>
public sealed class FaultyResponse
{
    private readonly Func<HttpContext, CancellationToken, Task> _handle;

    private FaultyResponse(Func<HttpContext, CancellationToken, Task> handle) => _handle = handle;

    internal Task HandleAsync(HttpContext context, CancellationToken stopping) => _handle(context, stopping);

    /// <summary>
    /// 200 with <paramref name="body"/>; a <c>Range: bytes=N-[M]</c> request gets 206 with that slice (416 when
    /// out of range); HEAD gets the headers only. <paramref name="headers"/> are added (e.g. Docker-Content-Digest).
    /// </summary>
    public static FaultyResponse Ok(byte[] body, string contentType = "application/octet-stream", IReadOnlyDictionary<string, string>? headers = null) =>
        new(async (context, stopping) =>
        {
            AddHeaders(context, contentType, headers);
            context.Response.Headers.AcceptRanges = "bytes";
            var (start, end) = (0L, body.LongLength - 1);
            var range = (string?)context.Request.Headers.Range;
            if (!string.IsNullOrEmpty(range))
            {
                if (!TryParseRange(range, body.LongLength, out start, out end))
                {
                    context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    context.Response.Headers.ContentRange = $"bytes */{body.LongLength}";
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status206PartialContent;
                context.Response.Headers.ContentRange = $"bytes {start}-{end}/{body.LongLength}";
            }
            var length = end - start + 1;
            context.Response.ContentLength = length;
            if (!HttpMethods.IsHead(context.Request.Method) && length > 0)
            {
                await context.Response.Body.WriteAsync(body.AsMemory((int)start, (int)length), stopping).ConfigureAwait(false);
            }
        });

    /// <summary>A blob: <see cref="Ok"/> with <c>Docker-Content-Digest: <paramref name="digest"/></c> (which may lie).</summary>
    public static FaultyResponse Blob(byte[] body, string digest) =>
        Ok(body, "application/octet-stream", new Dictionary<string, string> { ["Docker-Content-Digest"] = digest });

    /// <summary>A manifest with <c>Content-Type: <paramref name="mediaType"/></c> (any string, hostile or not) and, if given, its digest header.</summary>
    public static FaultyResponse Manifest(byte[] body, string mediaType, string? digest = null) =>
        Ok(body, mediaType, digest is null ? null : new Dictionary<string, string> { ["Docker-Content-Digest"] = digest });

    /// <summary>A bare status with an optional body (e.g. a distribution error JSON) and headers (e.g. <c>WWW-Authenticate</c>, <c>Retry-After</c>).</summary>
    public static FaultyResponse Status(int statusCode, string? body = null, IReadOnlyDictionary<string, string>? headers = null) =>
        new(async (context, stopping) =>
        {
            context.Response.StatusCode = statusCode;
            AddHeaders(context, body is null ? null : "application/json", headers);
            if (body is not null && !HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.WriteAsync(body, stopping).ConfigureAwait(false);
            }
        });

    /// <summary>
    /// Declares <c>Content-Length: <paramref name="declaredLength"/></c> (larger than the body), sends <paramref name="body"/>,
    /// then (after ~100 ms) aborts the connection: the client sees a short read.
    /// </summary>
    public static FaultyResponse Truncated(byte[] body, long declaredLength, IReadOnlyDictionary<string, string>? headers = null) =>
        new(async (context, stopping) =>
        {
            AddHeaders(context, "application/octet-stream", headers);
            context.Response.ContentLength = declaredLength;
            await context.Response.Body.WriteAsync(body, stopping).ConfigureAwait(false);
            await FlushThenAbortAsync(context, stopping).ConfigureAwait(false);
        });

    /// <summary>
    /// Declares the full length of <paramref name="body"/>, sends its first <paramref name="bytesBeforeDrop"/> bytes, then
    /// (after ~100 ms) drops the connection (a reset mid-blob; the client may see fewer bytes, even no headers). Combine with <see cref="Sequence"/> for resume tests.
    /// </summary>
    public static FaultyResponse DropAfter(byte[] body, long bytesBeforeDrop, IReadOnlyDictionary<string, string>? headers = null) =>
        new(async (context, stopping) =>
        {
            AddHeaders(context, "application/octet-stream", headers);
            context.Response.ContentLength = body.LongLength;
            await context.Response.Body.WriteAsync(body.AsMemory(0, (int)Math.Min(bytesBeforeDrop, body.LongLength)), stopping).ConfigureAwait(false);
            await FlushThenAbortAsync(context, stopping).ConfigureAwait(false);
        });

    /// <summary>
    /// Never answers: waits until the client gives up (closes the connection) or the registry is disposed.
    /// With <paramref name="afterHeaders"/> it sends 200 headers (Content-Length of a 1 MiB body) and then stalls.
    /// </summary>
    public static FaultyResponse Hang(bool afterHeaders = false) =>
        new(async (context, stopping) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            if (afterHeaders)
            {
                context.Response.ContentLength = 1 << 20;
                await context.Response.StartAsync(both.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(both.Token).ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Abort(context);
            }
        });

    /// <summary>Sends <paramref name="body"/> in chunks of <paramref name="chunkSize"/> bytes with <paramref name="delay"/> between them (a slow link).</summary>
    public static FaultyResponse Trickle(byte[] body, int chunkSize, TimeSpan delay, string contentType = "application/octet-stream") =>
        new(async (context, stopping) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            AddHeaders(context, contentType, null);
            context.Response.ContentLength = body.LongLength;
            for (var offset = 0; offset < body.Length; offset += chunkSize)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(chunkSize, body.Length - offset)), both.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(both.Token).ConfigureAwait(false);
                await Task.Delay(delay, both.Token).ConfigureAwait(false);
            }
        });

    /// <summary>The first call gets <c>responses[0]</c>, the second <c>responses[1]</c>, ...; calls past the end get the last one.</summary>
    public static FaultyResponse Sequence(params FaultyResponse[] responses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(responses.Length);
        var calls = -1;
        return new((context, stopping) =>
        {
            var n = Interlocked.Increment(ref calls);
            return responses[Math.Min(n, responses.Length - 1)].HandleAsync(context, stopping);
        });
    }

    /// <summary>Anything else: the handler gets the raw ASP.NET Core context and a token that fires when the registry stops.</summary>
    public static FaultyResponse Custom(Func<HttpContext, CancellationToken, Task> handler) => new(handler);

    private static void AddHeaders(HttpContext context, string? contentType, IReadOnlyDictionary<string, string>? headers)
    {
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[key] = value;
        }
    }

    private static void Abort(HttpContext context)
    {
        // Abort the connection rather than ending the response, so the client cannot mistake it for a complete body.
        context.Abort();
    }

    private static async Task FlushThenAbortAsync(HttpContext context, CancellationToken stopping)
    {
        await context.Response.Body.FlushAsync(stopping).ConfigureAwait(false);
        // Kestrel's abort discards output its socket writer has not sent yet; a short pause lets the partial body
        // reach the client first (best effort: under heavy load the client may see even less, as on a real network).
        await Task.Delay(TimeSpan.FromMilliseconds(100), stopping).ConfigureAwait(false);
        Abort(context);
    }

    private static bool TryParseRange(string header, long length, out long start, out long end)
    {
        start = 0;
        end = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }
        var spec = header["bytes=".Length..];
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }
        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            // Suffix range: the last N bytes.
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0)
            {
                return false;
            }
            start = Math.Max(0, length - suffix);
            return length > 0;
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= length)
        {
            return false;
        }
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e < start)
            {
                return false;
            }
            end = Math.Min(e, length - 1);
        }
        return true;
    }
}

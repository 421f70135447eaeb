using System.Net;
using System.Text;
using System.Text.Json;
using CriMesh.Common.Errors;

namespace CriMesh.Imaged.Distribution;

public sealed partial class RegistrySession
{
    /// <summary>Throws the error kind that fits a failed registry response; returns on success.</summary>
    internal async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var code = await ReadErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);
        var detail = code.Length > 0 ? $" ({code})" : "";
        var status = (int)response.StatusCode;
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when Credentials.IsAnonymous =>
                new CriMeshException(ErrorKind.Unauthenticated, $"registry {Endpoint.Host} requires credentials for {what}{detail}"),
            HttpStatusCode.Unauthorized when code.Contains("insufficient_scope", StringComparison.OrdinalIgnoreCase) || code.Contains("DENIED", StringComparison.Ordinal) =>
                new CriMeshException(ErrorKind.PermissionDenied, $"registry {Endpoint.Host} denied {Credentials} access to {what}{detail}"),
            HttpStatusCode.Unauthorized =>
                new CriMeshException(ErrorKind.Unauthenticated, $"registry {Endpoint.Host} rejected the credentials of {Credentials} for {what}{detail}"),
            HttpStatusCode.Forbidden =>
                new CriMeshException(ErrorKind.PermissionDenied, $"registry {Endpoint.Host} denied {Credentials} access to {what}{detail}"),
            HttpStatusCode.NotFound =>
                new CriMeshException(ErrorKind.NotFound, $"{what} not found{detail}"),
            HttpStatusCode.TooManyRequests =>
                new CriMeshException(ErrorKind.Unavailable, $"registry {Endpoint.Host} is rate limiting {what}{detail}"),
            HttpStatusCode.BadRequest =>
                new CriMeshException(ErrorKind.InvalidArgument, $"registry {Endpoint.Host} refused the request for {what}{detail}"),
            _ => new CriMeshException(ErrorKind.Unavailable, $"registry {Endpoint.Host} answered {status} for {what}{detail}"),
        };
    }

    private async Task<string> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        foreach (var h in response.Headers.WwwAuthenticate)
        {
            if (AuthChallenge.Parse(h.ToString())?.Parameters.GetValueOrDefault("error") is { Length: > 0 } e)
            {
                codes.Add(e);
            }
        }
        try
        {
            var body = await ReadAllAsync(response, 16 * 1024, "error body", cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var err in errors.EnumerateArray())
                {
                    if (err.ValueKind == JsonValueKind.Object && err.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
                    {
                        codes.Add(c.GetString()!);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or CriMeshException or IOException or HttpRequestException)
        {
            // The body is only a hint; the status code decides.
        }
        var text = string.Join(", ", codes.Distinct(StringComparer.Ordinal));
        return new string(text.Take(200).Where(c => !char.IsControl(c)).ToArray());
    }

    /// <summary>Reads a whole response body of at most <paramref name="limit"/> bytes, with the read timeout per read.</summary>
    internal async Task<byte[]> ReadAllAsync(HttpResponseMessage response, long limit, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > limit)
        {
            throw CriMeshException.Invalid($"{what} is {length} bytes, more than the {limit} allowed");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            while (true)
            {
                timeout.CancelAfter(_client.Options.RegistryReadTimeout);
                int n;
                try
                {
                    n = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CriMeshException(ErrorKind.Unavailable, $"registry {Endpoint.Host} stopped sending {what}");
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new CriMeshException(ErrorKind.Unavailable, $"registry {Endpoint.Host} broke off {what}: {e.Message}", e);
                }
                if (n == 0)
                {
                    break;
                }
                if (buffer.Length + n > limit)
                {
                    throw CriMeshException.Invalid($"{what} is more than the {limit} bytes allowed");
                }
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
    }

    internal static string Printable(string text) => new StringBuilder(text.Length).Append(text.Where(c => !char.IsControl(c)).ToArray()).ToString();
}

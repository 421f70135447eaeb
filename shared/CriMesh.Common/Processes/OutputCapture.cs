using System.Buffers;

namespace CriMesh.Common.Processes;

/// <summary>Reads a child's output stream to its end, keeping the first bytes up to a cap and dropping the rest.</summary>
internal static class OutputCapture
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>
    /// Reads <paramref name="stream"/> until EOF (or until <paramref name="abandon"/> fires: then what arrived
    /// so far) and disposes it. Never throws for a read error: the bytes read until then are the result.
    /// </summary>
    public static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(Stream stream, int cap, CancellationToken abandon)
    {
        var kept = new MemoryStream();
        var truncated = false;
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                int n;
                while ((n = await stream.ReadAsync(chunk.AsMemory(0, ChunkSize), abandon).ConfigureAwait(false)) > 0)
                {
                    var keep = (int)Math.Min(n, Math.Max(0, cap - kept.Length));
                    kept.Write(chunk, 0, keep);
                    truncated |= keep < n;
                }
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Abandoned: keep what arrived.
        }
        catch (IOException)
        {
            // A broken pipe ends the output like EOF does.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return (kept.ToArray(), truncated);
    }
}

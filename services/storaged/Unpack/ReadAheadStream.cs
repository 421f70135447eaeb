using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using CriMesh.Common.IO;

namespace CriMesh.Storaged.Unpack;

/// <summary>
/// Reads its source on a dedicated thread, a few large chunks ahead of the consumer, so that decompressing
/// and hashing a layer run on one core while the tar entries are written on another (as <c>tar -xzf</c>
/// gets from its separate gzip process). A failure of the source surfaces on the consumer's next read.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int ChunkSize = 1 << 20;
    private readonly Stream source;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> filled = new(boundedCapacity: 4);
    private readonly ConcurrentBag<byte[]> free = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Thread producer;
    private ExceptionDispatchInfo? failure;
    private byte[]? current;
    private int currentLength;
    private int currentOffset;
    private bool finished;

    public ReadAheadStream(Stream source)
    {
        this.source = source;
        producer = new Thread(Produce) { IsBackground = true, Name = "layer-read-ahead" };
        producer.Start();
    }

    public override int Read(Span<byte> buffer)
    {
        while (current is null || currentOffset == currentLength)
        {
            if (current is not null)
            {
                free.Add(current);
                current = null;
            }
            if (finished)
            {
                return 0;
            }
            if (!filled.TryTake(out var chunk, Timeout.Infinite))
            {
                finished = true;
                failure?.Throw();
                return 0;
            }
            (current, currentLength, currentOffset) = (chunk.Buffer, chunk.Length, 0);
        }
        var n = Math.Min(buffer.Length, currentLength - currentOffset);
        current.AsSpan(currentOffset, n).CopyTo(buffer);
        currentOffset += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stop.Cancel();
            producer.Join();
            filled.Dispose();
            stop.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Produce()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var buffer = free.TryTake(out var reused) ? reused : new byte[ChunkSize];
                var n = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                if (n == 0)
                {
                    break;
                }
                filled.Add((buffer, n), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            filled.CompleteAdding();
        }
    }
}

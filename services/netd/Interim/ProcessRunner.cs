using System.Diagnostics;

namespace CriMesh.Netd.Interim;

// Stand-in with the signatures of CriMesh.Common.Processes (being landed by the "shared" helper); netd
// switches to the shared runner once it is on main and this folder goes away.

public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public byte[]? Stdin { get; init; }

    public int MaxOutputBytes { get; init; } = 1024 * 1024;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

public sealed record ProcessOutcome(int ExitCode, int Signal, byte[] Stdout, byte[] Stderr, bool StdoutTruncated,
    bool StderrTruncated, bool TimedOut, TimeSpan Elapsed);

public static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        if (spec.Environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (key, value) in spec.Environment)
            {
                psi.Environment[key] = value;
            }
        }
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {spec.FileName}");
        var stdout = ReadAsync(process.StandardOutput.BaseStream, spec.MaxOutputBytes);
        var stderr = ReadAsync(process.StandardError.BaseStream, spec.MaxOutputBytes);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(spec.Stdin ?? [], cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var (outBytes, outTruncated) = await stdout.ConfigureAwait(false);
        var (errBytes, errTruncated) = await stderr.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var code = process.ExitCode;
        return new ProcessOutcome(code > 128 ? 0 : code, code > 128 ? code - 128 : 0, outBytes, errBytes, outTruncated, errTruncated,
            timedOut, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<(byte[] Bytes, bool Truncated)> ReadAsync(Stream stream, int max)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var truncated = false;
        int n;
        while ((n = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            var keep = Math.Min(n, max - (int)buffer.Length);
            truncated |= keep < n;
            buffer.Write(chunk, 0, Math.Max(keep, 0));
        }
        return (buffer.ToArray(), truncated);
    }
}

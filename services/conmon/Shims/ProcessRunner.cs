// TEMPORARY: stands in for CriMesh.Common.Processes until the shared helper lands it; same signatures.
using System.Diagnostics;

namespace CriMesh.Conmon.Shims;

public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
    public byte[]? Stdin { get; init; }
    public string? WorkingDirectory { get; init; }
    public int MaxOutputBytes { get; init; } = 1024 * 1024;
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;
}

public sealed record ProcessOutcome(int ExitCode, int Signal, byte[] Stdout, byte[] Stderr, bool StdoutTruncated,
    bool StderrTruncated, bool TimedOut, TimeSpan Elapsed);

public static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var psi = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        foreach (var a in spec.Arguments)
        {
            psi.ArgumentList.Add(a);
        }
        if (spec.Environment is { } env)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi)!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (spec.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(spec.Timeout);
        }
        var stdout = ReadCappedAsync(p.StandardOutput.BaseStream, spec.MaxOutputBytes);
        var stderr = ReadCappedAsync(p.StandardError.BaseStream, spec.MaxOutputBytes);
        try
        {
            if (spec.Stdin is { } input)
            {
                await p.StandardInput.BaseStream.WriteAsync(input, cts.Token).ConfigureAwait(false);
            }
            p.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        var timedOut = false;
        try
        {
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var (o, ot) = await stdout.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var (e, et) = await stderr.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        var code = p.ExitCode;
        return new ProcessOutcome(code > 128 && timedOut ? -1 : code, timedOut ? 9 : 0, o, e, ot, et, timedOut,
            Stopwatch.GetElapsedTime(started));
    }

    private static async Task<(byte[], bool)> ReadCappedAsync(Stream s, int cap)
    {
        var ms = new MemoryStream();
        var buf = new byte[16384];
        var truncated = false;
        int n;
        while ((n = await s.ReadAsync(buf).ConfigureAwait(false)) > 0)
        {
            var room = cap - (int)ms.Length;
            if (room > 0)
            {
                ms.Write(buf, 0, Math.Min(room, n));
            }
            truncated |= n > room;
        }
        return (ms.ToArray(), truncated);
    }
}

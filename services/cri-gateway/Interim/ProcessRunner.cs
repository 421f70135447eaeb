// INTERIM stand-in for the shared helper's CriMesh.Common.Processes (same signatures); deleted when it lands.
using System.Diagnostics;

namespace CriMesh.Common.Processes;

internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

internal sealed record ProcessOutcome(int ExitCode, int Signal, byte[] Stdout, byte[] Stderr, bool StdoutTruncated, bool StderrTruncated, bool TimedOut, TimeSpan Elapsed);

internal static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(spec.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in spec.Arguments)
        {
            psi.ArgumentList.Add(a);
        }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync(ct);
        var e = p.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(spec.Timeout);
        await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return new ProcessOutcome(p.ExitCode, 0, System.Text.Encoding.UTF8.GetBytes(await o.ConfigureAwait(false)),
            System.Text.Encoding.UTF8.GetBytes(await e.ConfigureAwait(false)), false, false, false, sw.Elapsed);
    }
}

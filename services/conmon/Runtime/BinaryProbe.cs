using System.Diagnostics;

namespace CriMesh.Conmon.Runtime;

/// <summary>Runs <c>BINARY --version</c> with a bounded wait and returns its first line.</summary>
public static class BinaryProbe
{
    public sealed record Result(bool Found, string Version, string Error);

    public static async Task<Result> VersionAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new(false, "", $"{path} does not exist");
        }
        var psi = new ProcessStartInfo(path, "--version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(false, "", $"{path} cannot be run: {e.Message}");
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(cts.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            var first = output.Split('\n', 2)[0].Trim();
            return process.ExitCode == 0
                ? new(true, first, "")
                : new(false, first, $"{path} --version exited with {process.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new(false, "", $"{path} --version did not answer within {timeout.TotalSeconds:0.#}s");
        }
    }
}

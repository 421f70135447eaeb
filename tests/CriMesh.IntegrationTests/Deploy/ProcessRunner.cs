using System.Diagnostics;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>Runs a program to completion with stdin closed, bounded in time; on timeout kills it (by pid) and fails.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessOutput> RunAsync(
        string file,
        IEnumerable<string> args,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new ProcessOutput(process.ExitCode, await stdout, await stderr);
    }
}

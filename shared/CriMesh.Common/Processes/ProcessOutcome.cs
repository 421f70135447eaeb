using System.Text;

namespace CriMesh.Common.Processes;

/// <summary>
/// How a run ended. <paramref name="ExitCode"/> is the exit status, or 128 + the signal when a signal ended
/// the process (<paramref name="Signal"/> then names it; 0 otherwise). Output is the first
/// <see cref="ProcessSpec.MaxOutputBytes"/> bytes of each stream; <paramref name="TimedOut"/> says the
/// deadline passed and the process group was killed.
/// </summary>
public sealed record ProcessOutcome(
    int ExitCode,
    int Signal,
    byte[] Stdout,
    byte[] Stderr,
    bool StdoutTruncated,
    bool StderrTruncated,
    bool TimedOut,
    TimeSpan Elapsed)
{
    /// <summary>True when the process exited with status 0, by itself, within its deadline.</summary>
    public bool Succeeded => ExitCode == 0 && Signal == 0 && !TimedOut;

    /// <summary>Stdout decoded as UTF-8.</summary>
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>Stderr decoded as UTF-8.</summary>
    public string StderrText => Encoding.UTF8.GetString(Stderr);

    /// <summary>A one-line summary for error messages: how it ended and the tail of stderr.</summary>
    public string Describe()
    {
        var how = TimedOut ? $"timed out after {Elapsed.TotalSeconds:0.###}s"
            : Signal != 0 ? $"killed by signal {Signal}"
            : $"exited with status {ExitCode}";
        var err = StderrText.Trim();
        if (err.Length > 2048)
        {
            err = "..." + err[^2048..];
        }
        return err.Length == 0 ? how : $"{how}: {err}";
    }
}

using System.Globalization;
using CriMesh.Common.Errors;

namespace CriMesh.Gateway.Containers;

/// <summary>Linux signal numbers (x86-64 / arm64 numbering) for an image's StopSignal.</summary>
public static class Signals
{
    public const int SigTerm = 15;

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["BUS"] = 7, ["FPE"] = 8,
        ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14, ["TERM"] = 15,
        ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22,
        ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28, ["IO"] = 29,
        ["PWR"] = 30, ["SYS"] = 31,
    };

    /// <summary>"SIGTERM", "TERM", "sigterm" or "15" as a number; empty means SIGTERM; InvalidArgument otherwise.</summary>
    public static int Parse(string? signal)
    {
        if (string.IsNullOrWhiteSpace(signal)) return SigTerm;
        var s = signal.Trim().ToUpperInvariant();
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65) return n;
        if (s.StartsWith("SIG", StringComparison.Ordinal)) s = s[3..];
        if (Numbers.TryGetValue(s, out n)) return n;
        if (s.StartsWith("RTMIN+", StringComparison.Ordinal) && int.TryParse(s[6..], CultureInfo.InvariantCulture, out var k) && k is >= 0 and <= 30)
            return 34 + k;
        throw CriMeshException.Invalid($"unknown stop signal \"{signal}\"");
    }
}

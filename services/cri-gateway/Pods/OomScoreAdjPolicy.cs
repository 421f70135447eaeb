using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CriMesh.Gateway.Pods;

/// <summary>
/// Without CAP_SYS_RESOURCE a process may not lower oom_score_adj below its own value, and the kernel
/// refuses such a write (EACCES). Where clamping is on, a requested value below the runtime's own is raised
/// to it, and that is logged once. Clamping is on by default exactly when the capability is missing.
/// </summary>
public sealed class OomScoreAdjPolicy
{
    /// <summary>capabilities(7): CAP_SYS_RESOURCE is bit 24.</summary>
    public const int CapSysResource = 24;

    private readonly ILogger _logger;
    private int _logged;

    public OomScoreAdjPolicy(bool clamp, int ownValue, ILogger logger)
    {
        Enabled = clamp;
        OwnValue = ownValue;
        _logger = logger;
    }

    public bool Enabled { get; }

    public int OwnValue { get; }

    /// <summary>From the gateway's own process: its oom_score_adj and effective capabilities.</summary>
    public static OomScoreAdjPolicy ForThisProcess(bool? configured, ILogger logger)
    {
        var own = int.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), CultureInfo.InvariantCulture);
        var clamp = configured ?? !HasCapability(File.ReadAllLines("/proc/self/status"), CapSysResource);
        return new OomScoreAdjPolicy(clamp, own, logger);
    }

    /// <summary>Reads CapEff from /proc/PID/status lines (a hex mask).</summary>
    public static bool HasCapability(IEnumerable<string> statusLines, int capability)
    {
        var line = statusLines.FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null &&
            ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) &&
            (mask & (1UL << capability)) != 0;
    }

    public int Clamp(int requested)
    {
        if (!Enabled || requested >= OwnValue)
        {
            return requested;
        }
        if (Interlocked.Exchange(ref _logged, 1) == 0)
        {
            Log.OomScoreAdjClamped(_logger, requested, OwnValue);
        }
        return OwnValue;
    }
}

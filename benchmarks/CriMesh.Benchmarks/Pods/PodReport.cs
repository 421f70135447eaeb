using System.Globalization;
using CriMesh.Benchmarks.Images;

namespace CriMesh.Benchmarks.Pods;

/// <summary>Prints the pod benchmark's figures.</summary>
internal static class PodReport
{
    /// <summary>Sequential p50 targets of issue 8 (ms) for CriMesh.</summary>
    private static readonly Dictionary<string, double> Targets = new(StringComparer.Ordinal)
    {
        ["RunPodSandbox"] = 60,
        ["StopPodSandbox"] = 50,
        ["RemovePodSandbox"] = 11,
    };

    public static void PrintPass(string title, PassSamples samples)
    {
        Console.WriteLine($"-- {title}");
        foreach (var rpc in PassSamples.Rpcs)
        {
            var ms = samples.Ms[rpc];
            Console.WriteLine(Inv($"{rpc,-17} n={ms.Count} p50={Percentiles.Of(ms, 50),8:0.00} ms  p95={Percentiles.Of(ms, 95),8:0.00} ms  max={ms.Max(),8:0.00} ms  phase wall {samples.WallMs[rpc],8:0} ms"));
        }
    }

    public static void PrintComparison(IReadOnlyDictionary<string, RuntimeResult> results, int concurrency)
    {
        if (!results.TryGetValue("CriMesh", out var mine) || !results.TryGetValue("containerd", out var theirs))
        {
            return;
        }
        Console.WriteLine("== CriMesh / containerd (same run; below 1 is faster)");
        Console.WriteLine($"{"",-17} {"seq p50",8} {"seq p95",8} {$"{concurrency}x p50",8} {$"{concurrency}x p95",8}");
        foreach (var rpc in PassSamples.Rpcs)
        {
            Console.WriteLine(Inv($"{rpc,-17} {Ratio(mine.Sequential, theirs.Sequential, rpc, 50),8:0.00} {Ratio(mine.Sequential, theirs.Sequential, rpc, 95),8:0.00} {Ratio(mine.Parallel, theirs.Parallel, rpc, 50),8:0.00} {Ratio(mine.Parallel, theirs.Parallel, rpc, 95),8:0.00}"));
        }
        Console.WriteLine("== targets (CriMesh sequential p50)");
        foreach (var (rpc, target) in Targets)
        {
            var p50 = Percentiles.Of(mine.Sequential.Ms[rpc], 50);
            var ratio = Ratio(mine.Sequential, theirs.Sequential, rpc, 50);
            Console.WriteLine(Inv($"{rpc,-17} {p50,7:0.00} ms <= {target} ms: {(p50 <= target ? "met" : "NOT met")}; ratio {ratio:0.00} <= 0.7: {(ratio <= 0.7 ? "met" : "NOT met")}"));
        }
    }

    private static double Ratio(PassSamples mine, PassSamples theirs, string rpc, double p) =>
        Percentiles.Of(mine.Ms[rpc], p) / Percentiles.Of(theirs.Ms[rpc], p);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

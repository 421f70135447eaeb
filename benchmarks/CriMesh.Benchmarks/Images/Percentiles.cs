using System.Globalization;

namespace CriMesh.Benchmarks.Images;

/// <summary>Summaries of timing samples in milliseconds.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        var index = (int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index];
    }

    public static string Describe(IReadOnlyList<double> ms) => string.Create(CultureInfo.InvariantCulture,
        $"n={ms.Count} p50={Of(ms, 50):0.###} ms p90={Of(ms, 90):0.###} ms min={ms.Min():0.###} ms max={ms.Max():0.###} ms");
}

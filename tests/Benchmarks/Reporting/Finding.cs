using System.Globalization;

namespace Switchboard.Benchmarks.Reporting;

/// <summary>One measured figure beside its same-run baseline and its goal.</summary>
public sealed record Finding(string Benchmark, string Figure, string Baseline, double? Ratio, string Goal, bool? Met)
{
    public string Verdict => Met switch { true => "PASS", false => "MISS", null => "-" };

    public string RatioText => Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:0.00}x") : "-";
}

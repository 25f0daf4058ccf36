using System.Globalization;

namespace Switchboard.Testing;

/// <summary>A scrape of <c>/metrics</c> (Prometheus text format): its <c>name{labels} value</c> lines, comments skipped.</summary>
public sealed class PrometheusSamples(List<(string Name, string Labels, double Value)> samples)
{
    public static PrometheusSamples Parse(string text) => new(text.Split('\n')
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(line =>
        {
            var braces = line.IndexOf('{', StringComparison.Ordinal);
            var nameEnd = braces >= 0 ? braces : line.IndexOf(' ', StringComparison.Ordinal);
            var labelsEnd = braces >= 0 ? line.IndexOf('}', braces) + 1 : nameEnd;
            var value = line[labelsEnd..].Trim().Split(' ')[0];
            return (line[..nameEnd], line[nameEnd..labelsEnd], double.Parse(value, CultureInfo.InvariantCulture));
        })
        .ToList());

    /// <summary>The sum over every series of the metric whose labels contain <paramref name="label"/> (all when null).</summary>
    public double Sum(string name, string? label = null) =>
        samples.Where(s => s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal))).Sum(s => s.Value);
}

using System.Text;

namespace Switchboard.Benchmarks.Reporting;

/// <summary>Prints each finding as it is measured, and all of them as a Markdown table at the end (for RESULTS.md).</summary>
public sealed class Report(TextWriter output)
{
    private readonly List<Finding> _findings = [];

    public void Add(Finding finding)
    {
        _findings.Add(finding);
        output.WriteLine($"  {finding.Verdict,-4}  {finding.Figure}");
        output.WriteLine($"        baseline: {finding.Baseline}; ratio {finding.RatioText}; goal {finding.Goal}");
    }

    public void Note(string line) => output.WriteLine($"        {line}");

    public void Section(string title) => output.WriteLine($"\n== {title}");

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| benchmark | figure | baseline (same run) | ratio | goal | |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in _findings)
        {
            text.AppendLine($"| {f.Benchmark} | {f.Figure} | {f.Baseline} | {f.RatioText} | {f.Goal} | {f.Verdict} |");
        }
        return text.ToString();
    }
}

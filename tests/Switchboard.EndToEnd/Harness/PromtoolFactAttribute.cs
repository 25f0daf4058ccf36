using Switchboard.Testing;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// A test that needs Prometheus' <c>promtool</c> (Debian package <c>prometheus</c>, which .ci/run installs).
/// Without it the test is skipped on a developer's machine and runs (and fails, saying why) under CI=true.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null && !TestPostgres.InCi)
        {
            Skip = "promtool is not installed (apt-get install prometheus).";
        }
    }
}

public static class Promtool
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => System.IO.Path.Combine(directory, "promtool"))
        .FirstOrDefault(File.Exists);
}

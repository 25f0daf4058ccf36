namespace Switchboard.Testing;

/// <summary>The checkout the tests or benchmarks run from: the folder holding deploy/, found above the build output.</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "apply-schema.sh")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"deploy/apply-schema.sh not found above {AppContext.BaseDirectory}; run from the repository's build output.");
    }

    /// <summary>Runs a script of deploy/ (bash, from the repository root) as an operator would, and returns what it printed.</summary>
    public static Task<string> RunDeployScript(string script, params string[] args) =>
        ExternalCommand.Run(Root(), "bash", [Path.Combine("deploy", script), .. args]);
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Tests.Deploy;

/// <summary>Reads the repository's deploy files: YAML documents, Dockerfiles and the local cluster script's commands.</summary>
public static partial class DeployFiles
{
    public static readonly string Root = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static IReadOnlyList<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(PathOf(relative));
        stream.Load(reader);
        return stream.Documents.Select(document => Assert.IsType<YamlMappingNode>(document.RootNode)).ToList();
    }

    public static YamlNode? Child(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Text(this YamlNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, string key) => node.Child(key) as YamlSequenceNode ?? [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode node, string key) =>
        (node.Child(key) as YamlMappingNode)?.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, pair.Value)) ?? [];

    public static List<string> Strings(this YamlNode node, string key) =>
        node.Items(key).Select(item => ((YamlScalarNode)item).Value!).ToList();

    /// <summary>A Dockerfile's final stage: what the image runs and the arguments it runs with by default.</summary>
    public static (List<string> Entrypoint, List<string> Command, string PublishedProject, IReadOnlySet<int> Exposed) Dockerfile(string relative)
    {
        var lines = File.ReadAllLines(PathOf(relative));
        var finalStage = lines.Skip(Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        List<string> Instruction(string name) =>
            finalStage.Where(line => line.StartsWith(name + " ", StringComparison.Ordinal))
                .Select(line => JsonSerializer.Deserialize<List<string>>(line[(name.Length + 1)..])!)
                .LastOrDefault() ?? [];
        var publish = lines.Select(line => PublishLine().Match(line)).Single(match => match.Success);
        var exposed = finalStage.Where(line => line.StartsWith("EXPOSE ", StringComparison.Ordinal))
            .SelectMany(line => line[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToHashSet();
        return (Instruction("ENTRYPOINT"), Instruction("CMD"), publish.Groups["project"].Value, exposed);
    }

    /// <summary>The processes deploy/local-cluster.sh starts, as it prints them (`commands` starts nothing).</summary>
    public static IReadOnlyList<DeployedProcess> LocalCluster()
    {
        var start = new ProcessStartInfo("bash", ["deploy/local-cluster.sh", "commands"])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["SWITCHBOARD_POSTGRES"] = "Host=127.0.0.1;Database=switchboard";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(words => DeployedProcess.From($"local-cluster.sh {words[0]}", ["dotnet", .. words[1..]], []))
            .ToList();
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Switchboard.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Switchboard.slnx not found above the test binaries.");
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex PublishLine();
}

using System.Globalization;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// One Switchboard process as a deploy file starts it: the assembly `dotnet` runs, its <c>--mode</c>, and its
/// settings, whether given as <c>--Switchboard:Key=value</c> arguments or <c>Switchboard__Key</c> variables
/// (both become "Switchboard:Key").
/// </summary>
public sealed record DeployedProcess(string Source, string Assembly, string? Mode, IReadOnlyDictionary<string, string> Settings)
{
    public static DeployedProcess From(string source, IReadOnlyList<string> command, IEnumerable<KeyValuePair<string, string>> environment)
    {
        Assert.True(command.Count >= 2 && command[0] == "dotnet", $"{source}: expected `dotnet <assembly> ...`, got `{string.Join(' ', command)}`");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (name.StartsWith("Switchboard__", StringComparison.Ordinal))
            {
                settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }
        string? mode = null;
        for (var i = 2; i < command.Count; i++)
        {
            var argument = command[i];
            if (argument == "--mode")
            {
                mode = command[++i];
            }
            else if (argument.StartsWith("--Switchboard:", StringComparison.Ordinal) && argument.Contains('=', StringComparison.Ordinal))
            {
                var separator = argument.IndexOf('=', StringComparison.Ordinal);
                settings[argument[2..separator]] = argument[(separator + 1)..];
            }
            else
            {
                Assert.Fail($"{source}: argument '{argument}' is neither --mode nor --Switchboard:Key=value");
            }
        }
        mode ??= settings.GetValueOrDefault("Switchboard:Mode");
        return new DeployedProcess(source, Path.GetFileName(command[1]), mode, settings);
    }

    public bool IsSilo => Mode == "silo";

    /// <summary>The settings that name a port this process listens on, by what it runs.</summary>
    public IEnumerable<string> PortSettings =>
        IsSilo ? ["Switchboard:GrpcPort", "Switchboard:SiloPort", "Switchboard:OrleansGatewayPort"] : ["Switchboard:GrpcPort", "Switchboard:WebPort"];

    /// <summary>The ports this process listens on by its settings; every one must be set explicitly in a deploy file.</summary>
    public IReadOnlySet<int> ListeningPorts =>
        PortSettings.Select(key => Settings.TryGetValue(key, out var value)
                ? int.Parse(value, CultureInfo.InvariantCulture)
                : throw new Xunit.Sdk.XunitException($"{Source}: {key} is not set, so which port it listens on depends on a default"))
            .ToHashSet();

    public int GrpcPort => int.Parse(Settings["Switchboard:GrpcPort"], CultureInfo.InvariantCulture);
}

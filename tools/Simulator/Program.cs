using System.CommandLine;
using Switchboard.Simulator;
using Switchboard.Simulator.Load;
using Switchboard.Simulator.Terminal;

var address = new Option<string>("--address") { Description = "The gateway's gRPC address", DefaultValueFactory = _ => "http://localhost:5000" };
var tenant = new Option<string>("--tenant") { Description = "Tenant to play (x-tenant-id)", DefaultValueFactory = _ => "demo" };
var apiKey = new Option<string?>("--api-key")
{
    Description = "An admin key of the tenant (default: the SWITCHBOARD_API_KEY environment variable)",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SWITCHBOARD_API_KEY"),
};
var rate = new Option<double>("--rate") { Description = "New conversations per second (Poisson arrivals)", DefaultValueFactory = _ => 1 };
var duration = DurationOption("--duration", "How long customers keep arriving", TimeSpan.FromSeconds(60));
var agents = new Option<int>("--agents") { Description = "Agents at their desks", DefaultValueFactory = _ => 10 };
var adapters = new Option<int>("--adapters") { Description = "Adapter streams the conversations are spread over", DefaultValueFactory = _ => 2 };
var channels = new Option<ChannelMix>("--channels")
{
    Description = "Channel mix by weight, e.g. chat=60,email=30,sms=10",
    DefaultValueFactory = _ => ChannelMix.Parse("chat=60,email=30,sms=10"),
    CustomParser = result =>
    {
        try
        {
            return ChannelMix.Parse(result.Tokens.Single().Value);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return null;
        }
    },
};
var messages = new Option<double>("--messages-per-conversation") { Description = "Mean messages a customer writes", DefaultValueFactory = _ => 3 };
var abandon = new Option<double>("--abandon") { Description = "Share of impatient customers, who give up unless answered within their patience", DefaultValueFactory = _ => 0.1 };
var patience = DurationOption("--patience", "Mean patience of an impatient customer", TimeSpan.FromSeconds(10));
var handleTime = DurationOption("--handle-time", "Mean handle time, accept to wrap-up", TimeSpan.FromSeconds(15));
var handleShape = new Option<HandleTimeShape>("--handle-time-shape") { Description = "Exponential or LogNormal", DefaultValueFactory = _ => HandleTimeShape.Exponential };
var wrapUp = DurationOption("--wrap-up", "After-contact work before solving", TimeSpan.FromSeconds(1));
var acceptDelay = DurationOption("--accept-delay", "Mean time to accept an offer or type a reply", TimeSpan.FromMilliseconds(500));
var serviceLevel = DurationOption("--service-level", "The service level's T: answered within this counts as on time", TimeSpan.FromSeconds(20));
var seed = new Option<int?>("--seed") { Description = "Seed for every random choice" };
var demo = new Option<bool>("--demo") { Description = "Gentle endless load (0.5 conversations/s unless --rate is given) until Ctrl+C" };

var command = new RootCommand("Plays a contact center against a Switchboard gateway over its public gRPC API.")
{
    address, tenant, apiKey, rate, duration, agents, adapters, channels, messages, abandon, patience, handleTime, handleShape, wrapUp, acceptDelay, serviceLevel, seed, demo,
};
command.SetAction(async (result, cancellationToken) =>
{
    if (result.GetValue(rate) <= 0 || result.GetValue(agents) < 1 || result.GetValue(adapters) < 1 || result.GetValue(messages) < 1
        || result.GetValue(abandon) is < 0 or > 1 || result.GetValue(handleTime) <= TimeSpan.Zero || result.GetValue(duration) <= TimeSpan.Zero)
    {
        Console.Error.WriteLine("--rate, --duration and --handle-time must be positive; --agents, --adapters and --messages-per-conversation at least 1; --abandon between 0 and 1.");
        return 1;
    }
    if (!Uri.TryCreate(result.GetValue(address), UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
    {
        Console.Error.WriteLine("--address must be an http:// or https:// address, e.g. http://localhost:5000");
        return 1;
    }
    if (string.IsNullOrEmpty(result.GetValue(apiKey)))
    {
        Console.Error.WriteLine("--api-key (or SWITCHBOARD_API_KEY) must hold an admin key of the tenant: the one Switchboard printed at first start.");
        return 1;
    }
    var isDemo = result.GetValue(demo);
    var settings = new SimulationSettings
    {
        Address = gateway,
        Tenant = result.GetValue(tenant)!,
        ApiKey = result.GetValue(apiKey)!,
        ArrivalsPerSecond = isDemo && result.GetResult(rate) is null ? 0.5 : result.GetValue(rate),
        Duration = result.GetValue(duration),
        Endless = isDemo,
        Agents = result.GetValue(agents),
        Adapters = result.GetValue(adapters),
        Channels = result.GetValue(channels)!,
        MessagesPerConversation = result.GetValue(messages),
        AbandonProbability = result.GetValue(abandon),
        Patience = result.GetValue(patience),
        HandleTime = new HandleTime(result.GetValue(handleTime), result.GetValue(handleShape)),
        WrapUp = result.GetValue(wrapUp),
        AcceptDelay = result.GetValue(acceptDelay),
        ServiceLevelTarget = result.GetValue(serviceLevel),
        Seed = result.GetValue(seed),
    };
    Console.WriteLine($"Simulating against {settings.Address} (tenant {settings.Tenant}): {settings.ArrivalsPerSecond}/s conversations " +
        $"on {settings.Channels}, {settings.Agents} agents, handle time {settings.HandleTime.Mean.TotalSeconds:0.#} s {settings.HandleTime.Shape}, " +
        (settings.Endless ? "until Ctrl+C" : $"for {settings.Duration.TotalSeconds:0} s"));
    var simulation = new ContactCenterSimulation(settings);
    var display = new ProgressDisplay(simulation, Console.Out, isTerminal: !Console.IsOutputRedirected);
    using var stopDisplay = new CancellationTokenSource();
    var showing = display.Show(stopDisplay.Token);
    try
    {
        var summary = await simulation.Run(cancellationToken);
        await stopDisplay.CancelAsync();
        await showing;
        ProgressDisplay.Summarise(Console.Out, summary);
        return summary.Errors == 0 ? 0 : 2;
    }
    catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or TimeoutException)
    {
        await stopDisplay.CancelAsync();
        await showing;
        Console.Error.WriteLine($"Could not play against {settings.Address}: {e.Message}");
        return 1;
    }
});
return await command.Parse(args).InvokeAsync();

static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
{
    Description = $"{description} (90s, 2m, 500ms, ...)",
    HelpName = "duration",
    DefaultValueFactory = _ => defaultValue,
    CustomParser = result =>
    {
        try
        {
            return DurationText.Parse(result.Tokens.Single().Value);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return default;
        }
    },
};

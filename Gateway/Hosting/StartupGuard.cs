using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// Runs a Switchboard host. A setting it cannot start with (a bad value, an unreachable database) ends the
/// process with exit code <see cref="BadSettingsExitCode"/> and one readable sentence on stderr naming the
/// setting and the fix, not a stack trace.
/// </summary>
public static class StartupGuard
{
    public const int BadSettingsExitCode = 2;

    public static async Task<int> Run(Func<WebApplication> build)
    {
        WebApplication app;
        try
        {
            app = build();
            await app.StartAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"Switchboard cannot start: {Describe(e)}");
            await Console.Error.WriteLineAsync("Every setting, its default and its environment variable: docs/configuration.md");
            return BadSettingsExitCode;
        }
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static string Describe(Exception e) => e is OptionsValidationException validation
        ? $"{validation.OptionsType.Name}: {string.Join(" ", validation.Failures)}"
        : e.Message;
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Contracts;
using Switchboard.Contracts.Security;
using Switchboard.Gateway.Hosting;
using Switchboard.Gateway.Tenancy;

namespace Switchboard.Gateway.Security;

/// <summary>
/// On first start, creates the demo tenant and an admin key for it, printed once to the console. A lost key
/// is replaced by starting once with Switchboard:Auth:ResetDemoAdminKey=true.
/// </summary>
public sealed class DemoTenantBootstrap(IGrainFactory grains, ApiKeyIssuer issuer, IOptions<AuthOptions> options, IConfiguration configuration, ILogger<DemoTenantBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = grains.GetGrain<ITenantGrain>(TenantContext.DefaultTenant);
        var created = false;
        if (!await tenant.Exists())
        {
            try
            {
                await tenant.Create("Demo");
                created = true;
            }
            catch (SwitchboardException e) when (e.Error == SwitchboardError.AlreadyExists)
            {
                // Another gateway of the cluster made it a moment ago; it printed the key.
            }
        }
        if (options.Value.DemoAdminKey is { Length: > 0 } fixedKey)
        {
            await issuer.EnsureFixed(TenantContext.DefaultTenant, "demo admin (configured)", CallerRole.Admin, fixedKey);
            return;
        }
        if (created || options.Value.ResetDemoAdminKey)
        {
            var (key, token) = await issuer.Create(TenantContext.DefaultTenant, "demo admin", CallerRole.Admin, null, null);
            logger.LogWarning("Created admin key {KeyId} for the demo tenant; it is printed once on the console", key.KeyId);
            // With JSON logs stdout is for log lines only; the key goes to the terminal's other stream.
            var console = LoggingHostingExtensions.IsJson(configuration[LoggingHostingExtensions.FormatKey]) ? Console.Error : Console.Out;
            await console.WriteLineAsync($"""

                  Demo tenant admin key (shown once; send it as the x-api-key header):
                    {token}
                  Lost it? Start once with --Switchboard:Auth:ResetDemoAdminKey=true for a new one.

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

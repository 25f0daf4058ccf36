using Switchboard.Gateway.Hosting;

return await StartupGuard.Run(() => GatewayHost.Build(args));

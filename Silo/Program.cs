using Switchboard.Gateway.Hosting;
using Switchboard.Silo.Hosting;

return await StartupGuard.Run(() => SwitchboardHost.Build(args));

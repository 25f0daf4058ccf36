using Switchboard.Silo.Hosting;

var app = SwitchboardHost.Build(args);
await app.RunAsync();

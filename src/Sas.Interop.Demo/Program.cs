using Sas.Interop.Demo;
using Sas.Interop.Host.Hosting;

// The demo: the hub on SQLite with simulated publishers on loopback, synced on their schedules, serving /fhir and
// the dashboard. Takes the hub's arguments (--config file.json, --Key=value …), which win over the demo's settings.
var hubArguments = DemoApplication.WithoutDemoSwitch(args);
return await HubProgram.RunAsync(hubArguments, cancellationToken => DemoApplication.PrepareAsync(hubArguments, cancellationToken));

using Sas.Interop.Host.Hosting;

// The hub as operators run it: `Sas.Interop.Host [migrate] [--config hub.json] [--Key=value …]`. What it is made of:
// HubApplication; the demo, with simulated publishers, is its own program (src/Sas.Interop.Demo).
return await HubProgram.RunAsync(args);

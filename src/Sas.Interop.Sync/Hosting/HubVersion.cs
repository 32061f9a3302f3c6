using System.Reflection;

namespace Sas.Interop.Sync.Hosting;

/// <summary>The hub's version, stamped from git by MinVer into every assembly at build (e.g. <c>1.2.0+3f9c…</c>).</summary>
public static class HubVersion
{
    /// <summary>The informational version: the MinVer version, then the commit as build metadata.</summary>
    public static string Informational { get; } =
        typeof(HubVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The User-Agent of every outgoing call (connectors, appointment relay).</summary>
    public static string UserAgent => "Sas.Interop/" + Informational;
}

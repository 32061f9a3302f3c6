using System.Reflection;
using System.Runtime.Loader;

namespace Sas.Interop.Sync.Plugins;

/// <summary>
/// Loads one connector plugin and its private dependencies in isolation, but hands every assembly the hub itself
/// can load (the connector contract, Firely, Polly, Microsoft.Extensions…) back to the hub's context: a plugin's
/// <c>ConnectorType</c> must be the hub's type, and two copies of Firely would make its resources foreign objects.
/// </summary>
internal sealed class ConnectorPluginLoadContext(string mainAssemblyPath)
    : AssemblyLoadContext(Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (HubCanLoad(assemblyName))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool HubCanLoad(AssemblyName assemblyName)
    {
        if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName)))
        {
            return true;
        }

        try
        {
            // Known to the hub's deps.json but not loaded yet (e.g. Refit before the first connector runs).
            Default.LoadFromAssemblyName(assemblyName);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (FileLoadException)
        {
            return false;
        }
    }
}

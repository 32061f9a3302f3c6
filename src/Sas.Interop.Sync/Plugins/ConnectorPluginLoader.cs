using System.Reflection;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Sync.Plugins;

/// <summary>
/// Finds the <see cref="ConnectorType"/>s of the assemblies listed in <c>ConnectorPlugins</c> (paths to a plugin's
/// main .dll, absolute or relative to the hub's folder), so a publisher-specific connector is deployed by copying its
/// build output beside the hub instead of rebuilding the hub. Problems are reported, never thrown here.
/// </summary>
internal static class ConnectorPluginLoader
{
    public const string SectionName = "ConnectorPlugins";

    public static IReadOnlyList<Type> Load(IEnumerable<string> paths, string baseDirectory, ICollection<string> problems)
    {
        var types = new List<Type>();
        var index = 0;
        foreach (var configured in paths)
        {
            var key = $"{SectionName}:{index++}";
            if (string.IsNullOrWhiteSpace(configured))
            {
                problems.Add($"{key} is empty: give the path of a connector plugin's main .dll.");
                continue;
            }

            var path = Path.GetFullPath(configured, baseDirectory);
            if (!File.Exists(path))
            {
                problems.Add($"{key}: '{path}' does not exist (relative paths start from {baseDirectory}).");
                continue;
            }

            Type[] exported;
            try
            {
                exported = new ConnectorPluginLoadContext(path).LoadFromAssemblyPath(path).GetExportedTypes();
            }
            catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException)
            {
                problems.Add($"{key}: '{path}' could not be loaded as a .NET connector plugin: {exception.Message}");
                continue;
            }

            var found = exported.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ConnectorType).IsAssignableFrom(t)).ToList();
            if (found.Count == 0)
            {
                problems.Add($"{key}: '{path}' has no public, non-abstract {nameof(ConnectorType)}; is it built against this hub's Sas.Interop.Connectors.Abstractions?");
            }

            types.AddRange(found);
        }

        return types;
    }
}

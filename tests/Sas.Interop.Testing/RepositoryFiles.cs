namespace Sas.Interop.Testing;

/// <summary>Files of this repository, found from the test binaries (for snapshot tests of committed artefacts).</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sas.Interop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Sas.Interop.sln not found above " + AppContext.BaseDirectory);
    });

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);
}

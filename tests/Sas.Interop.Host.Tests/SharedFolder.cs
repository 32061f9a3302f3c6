namespace Sas.Interop.Host.Tests;

/// <summary>Finds <c>../shared/sas-ig</c> beside the repository (present on developer machines and CI, not in the repo).</summary>
internal static class SharedFolder
{
    public static string? IgPackage()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sas.Interop.sln")))
            {
                var ig = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "sas-ig"));
                return Directory.Exists(ig) ? ig : null;
            }
        }

        return null;
    }

    public static string IgPackageOrIgnore() =>
        IgPackage() ?? throw new IgnoreException("../shared/sas-ig (the ANS SAS IG package) is not beside the repository; IG example checks skipped.");
}

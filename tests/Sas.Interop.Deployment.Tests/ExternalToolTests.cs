namespace Sas.Interop.Deployment.Tests;

/// <summary>The tool lookup itself: a configured path that names nothing is reported, not silently replaced.</summary>
public sealed class ExternalToolTests
{
    [Test]
    public void A_configured_path_that_names_no_file_ignores_the_test_with_the_variable_in_the_reason()
    {
        var previous = Environment.GetEnvironmentVariable(ExternalTool.NginxVariable);
        Environment.SetEnvironmentVariable(ExternalTool.NginxVariable, "/nonexistent/nginx");
        try
        {
            var ignored = Assert.Throws<IgnoreException>(() => ExternalTool.Nginx());
            Assert.That(ignored!.Message, Does.Contain(ExternalTool.NginxVariable).And.Contain("nginx"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ExternalTool.NginxVariable, previous);
        }
    }
}

using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Host.Tests;

public sealed class HubArgumentsTests
{
    [Test]
    public void Hub_switches_are_taken_out_and_the_rest_is_left_to_ASP_NET()
    {
        var file = Path.GetTempFileName();
        try
        {
            var parsed = HubArguments.Parse(["--urls", "http://127.0.0.1:5001", "--config", file, "--Store:ConnectionString=Data Source=x.db"]);

            Assert.Multiple(() =>
            {
                Assert.That(parsed.ConfigFiles, Is.EqualTo(new[] { file }));
                Assert.That(parsed.Remaining, Is.EqualTo(new[] { "--urls", "http://127.0.0.1:5001", "--Store:ConnectionString=Data Source=x.db" }));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void A_first_argument_migrate_is_the_migrate_command_and_the_rest_stays_configuration()
    {
        var parsed = HubArguments.Parse(["migrate", "--Store:Provider=postgres"]);
        var served = HubArguments.Parse(["--Store:Provider=postgres", "migrate"]);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Migrate, Is.True);
            Assert.That(parsed.Remaining, Is.EqualTo(new[] { "--Store:Provider=postgres" }));
            Assert.That(served.Migrate, Is.False, "only the first argument names the command");
        });
    }

    [Test]
    public void Demo_is_refused_with_where_the_demo_went()
    {
        var ex = Assert.Throws<ArgumentException>(() => HubArguments.Parse(["--urls", "http://127.0.0.1:5001", "--demo"]));

        Assert.That(ex!.Message, Does.Contain("dotnet run --project src/Sas.Interop.Demo"));
    }

    [Test]
    public void A_missing_config_file_is_a_readable_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => HubArguments.Parse(["--config", "/nonexistent/hub.json"]));

        Assert.That(ex!.Message, Does.Contain("/nonexistent/hub.json").And.Contain("does not exist"));
    }

    [Test]
    public void Config_without_a_path_is_a_readable_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => HubArguments.Parse(["--config"]));

        Assert.That(ex!.Message, Does.Contain("--config needs"));
    }
}

using System.Runtime.Loader;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Connectors.Testing.Simulation;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Sync.Tests;

public sealed class ConnectorPluginTests
{
    /// <summary>The template connector's build output, loaded as a deployed plugin would be (this project never references it).</summary>
    private static string TemplatePluginPath
    {
        get
        {
            // tests/Sas.Interop.Sync.Tests/bin/<Configuration>/net10.0/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent!.Name;
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "connectors", "Sas.Interop.Connectors.Template", "bin", configuration, output.Name, "Sas.Interop.Connectors.Template.dll");
        }
    }

    [Test]
    public async Task A_plugin_connector_type_is_loaded_in_its_own_context_and_its_instances_sync()
    {
        Assume.That(File.Exists(TemplatePluginPath), $"the template connector is built beside the tests: {TemplatePluginPath}");
        await using var publisher = new PublisherWithoutPractitioners();
        await publisher.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectorPlugins:0"] = TemplatePluginPath,
            ["Connectors:plugged:Type"] = "template",
            ["Connectors:plugged:BaseUrl"] = publisher.BaseAddress.ToString(),
            ["Connectors:plugged:Token"] = "plugin-test-token",
            ["Connectors:plugged:Practitioners:0"] = "810000000001",
            ["Connectors:plugged:Practitioners:1"] = "810000000002",
        };

        await using var services = Build(settings);
        var catalog = services.GetRequiredService<ConnectorCatalog>();
        var instance = catalog.Find("plugged");
        Assert.That(instance, Is.Not.Null, "an instance of the plugin's type is accepted");
        var connector = catalog.GetConnector(instance!);
        var batches = new List<ConnectorBatch>();
        var now = DateTimeOffset.UtcNow;
        await foreach (var batch in connector.FetchAsync(new ConnectorFetchContext { InstanceId = "plugged", WindowStart = now, WindowEnd = now.AddDays(1) }, CancellationToken.None))
        {
            batches.Add(batch);
        }

        var pluginType = services.GetServices<ConnectorType>().Single(t => t.Name == "template").GetType();
        Assert.Multiple(() =>
        {
            Assert.That(AssemblyLoadContext.GetLoadContext(pluginType.Assembly), Is.Not.SameAs(AssemblyLoadContext.Default), "isolated from the hub's own assemblies");
            Assert.That(AssemblyLoadContext.GetLoadContext(typeof(ConnectorType).Assembly), Is.SameAs(AssemblyLoadContext.Default), "the contract is the hub's, shared");
            Assert.That(batches.Single().Succeeded, Is.True);
            Assert.That(batches.Single().Scope.Keys, Is.EqualTo(new[] { "810000000001", "810000000002" }));
        });
    }

    [Test]
    public void Plugin_problems_are_reported_at_startup_with_their_setting()
    {
        var notAPlugin = typeof(ConnectorPluginTests).Assembly.Location;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectorPlugins:0"] = "plugins/missing/Missing.Connector.dll",
            ["ConnectorPlugins:1"] = Path.Combine(Path.GetDirectoryName(notAPlugin)!, "Sas.Interop.Core.dll"),
        };

        using var services = Build(settings);
        var ex = Assert.Throws<ConnectorConfigurationException>(() => services.ValidateConnectors());

        Assert.That(ex!.Problems, Has.Some.Contains("ConnectorPlugins:0").And.Contains("does not exist"));
        Assert.That(ex.Problems, Has.Some.Contains("ConnectorPlugins:1").And.Contains("no public, non-abstract ConnectorType"));
    }

    [Test]
    public void A_plugin_reusing_a_built_in_type_name_is_refused_instead_of_picked_at_random()
    {
        Assume.That(File.Exists(TemplatePluginPath), $"the template connector is built beside the tests: {TemplatePluginPath}");
        var settings = new Dictionary<string, string?> { ["ConnectorPlugins:0"] = TemplatePluginPath };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSasInteropSync(configuration)
            .AddSingleton<ConnectorType>(new NamedConnectorType("TEMPLATE"))
            .BuildServiceProvider();

        var ex = Assert.Throws<ConnectorConfigurationException>(() => services.ValidateConnectors());

        Assert.That(ex!.Problems, Has.Some.Contains("'template' is registered twice").Or.Contains("'TEMPLATE' is registered twice"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSasInteropSync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    /// <summary>Knows no practitioner: every one is an empty agenda (404), so the plugin's batch succeeds, empty.</summary>
    private sealed class PublisherWithoutPractitioners : LoopbackPublisherSimulator
    {
        protected override void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
        }
    }

    private sealed class NamedConnectorType(string name) : ConnectorType
    {
        public override string Name => name;

        public override IAgendaConnector Create(ConnectorCreationContext context) => throw new NotSupportedException();
    }
}

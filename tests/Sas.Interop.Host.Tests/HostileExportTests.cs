using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #15: publisher text built to run in the operator's spreadsheet. A pushed SOS Location with a formula for a
/// postal code is refused (422: a postal code is French or absent; pulled, it is dropped and reported); a city that
/// French-locale Excel splits on ';' reaches <c>/admin/export.csv</c> harmless: neutralised and quoted.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class HostileExportTests
{
    private static readonly DateTimeOffset Now = new(2023, 8, 18, 5, 0, 0, TimeSpan.Zero);

    // The IG SOS example's three Locations, each spoiled differently.
    private static readonly Dictionary<string, (string PostalCode, string City)> Hostile = new(StringComparer.Ordinal)
    {
        ["1111111111"] = ("=HYPERLINK(\"http://evil\",\"pc\")", "Agen;=1+1;"),
        ["2222222222"] = ("+33-1+1", "-2+3"),
        ["3333333333"] = ("@SUM(1)", " @SUM(A1:A9)"),
    };

    [Test]
    public async Task A_pushed_Location_with_a_formula_postal_code_is_refused_and_nothing_is_stored()
    {
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var bundle = PushClient.ExampleTransaction(IgPackage.SosBundle);
        foreach (var location in bundle.Entry.Select(e => e.Resource).OfType<Location>())
        {
            (location.Address.PostalCode, location.Address.City) = Hostile[location.Id];
        }

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(bundle), HttpStatusCode.UnprocessableEntity);
        var text = await hub.Http.GetStringAsync("admin/export.csv?from=2023-08-17&to=2023-08-20");

        Assert.Multiple(() =>
        {
            // Errors only: each place also gets a not-geocoded warning (no position, no usable postal code).
            Assert.That(outcome.Issue.Where(i => i.Severity == OperationOutcome.IssueSeverity.Error).Select(i => i.Expression.Single()), Has.Exactly(3).EndsWith(".address.postalCode"), "every bad postal code, each with its FHIRPath");
            Assert.That(outcome.Issue.Select(i => i.Diagnostics), Has.Some.Contains("postal code"));
            Assert.That(Rfc4180.Parse(text[1..]).Skip(1), Is.Empty, "a transaction with a refused resource stores nothing");
        });
    }

    [Test]
    public async Task A_pushed_Location_with_a_formula_city_is_exported_with_the_city_neutralised_and_quoted()
    {
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var bundle = PushClient.ExampleTransaction(IgPackage.SosBundle);
        foreach (var location in bundle.Entry.Select(e => e.Resource).OfType<Location>())
        {
            location.Address.City = Hostile[location.Id].City;
        }

        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(bundle), HttpStatusCode.OK);
        var text = await hub.Http.GetStringAsync("admin/export.csv?from=2023-08-17&to=2023-08-20");
        var rows = Rfc4180.Parse(text[1..]);
        var header = rows[0].ToList();
        var exported = rows.Skip(1).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(exported, Has.Count.EqualTo(4), "the four SOS slots");
            Assert.That(exported.Select(r => r[header.IndexOf("city")]), Is.EquivalentTo(new[] { "Agen;'=1+1;", "'-2+3", "'@SUM(A1:A9)", "'@SUM(A1:A9)" }), "the city is trimmed at ingest");
            Assert.That(text, Does.Contain(",\"Agen;'=1+1;\","), "quoted, for French-locale Excel splits on ';'");
            Assert.That(text, Does.Not.Contain("HYPERLINK").And.Not.Contain("+33-1+1").And.Not.Contain("@SUM(1)"));
            Assert.That(exported.SelectMany(r => r), Has.None.Match("^\\s*[=+\\-@\\t\\r]"), "no cell starts like a formula");
        });
    }
}

using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// A publisher serving the IG's own PS-individuel example resources, synced through sas-fhir, yields the same
/// slots back from /fhir/Slot for the IG's own request (its self link, verbatim, unencoded '+' included).
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class IgExampleRoundTripTests
{
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task The_IG_example_bundle_comes_back_slot_for_slot()
    {
        var example = IgPackage.ReadBundle(IgPackage.PsBundle);
        await using var publisher = await PublisherSimulator.StartAsync(
            new PublisherSimulatorOptions { Name = "ig", Resources = example.Entry.Select(e => e.Resource!).ToList() },
            CancellationToken.None);
        await using var hub = await RunningHub.StartAsync(
            RunningHub.Connector("ig", publisher.BaseUrl, ["810002673899", "10100050075"]),
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));

        var sync = await hub.Http.PostAsync("admin/connectors/ig/sync", null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sync.Content.ReadAsStringAsync());

        var selfQuery = new Uri(example.SelfLink!.ToString()).Query;
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync("fhir/Slot" + selfQuery), HttpStatusCode.OK);

        var expected = example.Entry.Select(e => e.Resource).OfType<Slot>().Select(Describe).Order().ToList();
        var actual = answer.Entry.Select(e => e.Resource).OfType<Slot>().Select(Describe).Order().ToList();
        Assert.That(expected, Has.Count.EqualTo(4));
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(answer.Total, Is.EqualTo(example.Total));
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<Schedule>().Count(), Is.EqualTo(3));
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<Practitioner>().Count(), Is.EqualTo(2));
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Count(), Is.EqualTo(3));
    }

    private static string Describe(Slot slot) => string.Join(
        " | ",
        slot.Start!.Value.ToUniversalTime().ToString("O"),
        slot.End!.Value.ToUniversalTime().ToString("O"),
        "types=" + string.Join(",", (slot.Meta?.Security ?? []).Select(c => c.System + "#" + c.Code).Order()),
        "modes=" + string.Join(",", slot.ServiceType.SelectMany(s => s.Coding).Select(c => c.System + "#" + c.Code).Order()),
        "motives=" + string.Join(",", slot.ServiceType.Where(s => s.Coding.Count == 0).Select(s => s.Text).Order()),
        "specialties=" + string.Join(",", slot.Specialty.Select(s => s.Coding.Count > 0 ? s.Coding[0].System + "#" + s.Coding[0].Code : "text:" + s.Text).Order()),
        "appointmentType=" + slot.AppointmentType?.Coding.FirstOrDefault()?.Code,
        "status=" + slot.Status,
        "comment=" + slot.Comment);
}

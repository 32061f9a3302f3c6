using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #18 item 1, truth.md R7: a practitioner's declared unavailability (PractitionerRole.notAvailable, an inactive
/// PractitionerRole or Schedule), pushed or pulled, withholds the slots inside it from every way in, is carried on the
/// served PractitionerRole and in <c>$availability</c>, listed on <c>/admin/unavailabilities</c>; a later fact without it
/// lifts it.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class UnavailabilityEndToEndTests
{
    private const string RppsSystem = "urn:oid:1.2.250.1.71.4.2.1";

    [Test]
    public async Task A_notAvailable_period_withholds_the_slots_it_meets_everywhere_and_the_role_pushed_again_without_it_lifts_it()
    {
        await using var hub = await FhirReadTests.StartAsync(FhirReadTests.PsNow);
        using var alpha = await FhirReadTests.PushAsync(hub, IgPackage.PsBundle);
        var before = await SearchAsync(hub);
        Assert.That(SlotIds(before), Has.Count.EqualTo(4));
        var practitioner3 = NationalIdOf(before, "ExampleSchedule3");

        // Slot 4 (14:40–15:00) meets the period; slot 3 (14:20–14:40) ends before it.
        var role = Role("ExamplePractitionerRoleAgregateur4");
        role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
        {
            Description = "Congés",
            During = new Period { Start = "2021-11-04T14:45:00+00:00", End = "2021-11-05T18:00:00+00:00" },
        });
        await PutAsync(alpha, role);

        var during = await SearchAsync(hub);
        Assert.That(SlotIds(during), Is.EquivalentTo(new[] { "push-alpha.ExampleSlotPSIndiv1", "push-alpha.ExampleSlotPSIndiv2", "push-alpha.ExampleSlotPSIndiv3" }));
        var served = during.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single(r => r.Id == "push-alpha.ExamplePractitionerRoleAgregateur4");
        Assert.That(served.NotAvailable.Single().Description, Is.EqualTo("Congés"));
        Assert.That(served.NotAvailable.Single().During.Start, Does.StartWith("2021-11-04T14:45:00"));
        await FhirReadTests.AssertEveryEntryReadsAsItIsAsync(hub.Http, during);
        await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync("fhir/Slot/push-alpha.ExampleSlotPSIndiv4"), HttpStatusCode.NotFound);

        var availability = await AvailabilityAsync(hub, practitioner3, "2021-11-04T14:19:35Z");
        var unavailable = availability.Part.Single(p => p.Name == "unavailable");
        Assert.That(Part(unavailable, "reason"), Is.EqualTo("not-available"));
        Assert.That(Part(unavailable, "description"), Is.EqualTo("Congés"));
        Assert.That(Part(unavailable, "start"), Does.StartWith("2021-11-04T14:45:00"));
        Assert.That(CountWithin(availability, "2h"), Is.EqualTo(1), "slot 3 only");

        var admin = await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities?minDays=0");
        Assert.That(admin.GetProperty("currentlyUnavailable").GetInt32(), Is.Zero, "the period starts after now");
        var listed = admin.GetProperty("unavailabilities").EnumerateArray().Single();
        Assert.That(listed.GetProperty("practitionerNationalId").GetString(), Is.EqualTo(practitioner3));
        Assert.That(listed.GetProperty("description").GetString(), Is.EqualTo("Congés"));
        Assert.That(listed.GetProperty("source").GetString(), Is.EqualTo("push-alpha"));
        Assert.That((await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities")).GetProperty("unavailabilities").GetArrayLength(), Is.Zero, "two days: under the 21-day default");
        Assert.That((await hub.Http.GetAsync("admin/unavailabilities?minDays=abc")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        // The publisher's newest fact decides: the role without the period serves slot 4 again.
        await PutAsync(alpha, Role("ExamplePractitionerRoleAgregateur4"));
        Assert.That(SlotIds(await SearchAsync(hub)), Has.Count.EqualTo(4));
        Assert.That((await AvailabilityAsync(hub, practitioner3, "2021-11-04T14:19:35Z")).Part.Where(p => p.Name == "unavailable"), Is.Empty);
    }

    [Test]
    public async Task An_inactive_role_an_inactive_schedule_and_an_open_notAvailable_withhold_all_their_slots_and_are_listed_as_long()
    {
        await using var hub = await FhirReadTests.StartAsync(FhirReadTests.PsNow);
        using var alpha = await FhirReadTests.PushAsync(hub, IgPackage.PsBundle);
        var before = await SearchAsync(hub);

        var inactiveRole = Role("ExamplePractitionerRoleAgregateur2");
        inactiveRole.Active = false;
        await PutAsync(alpha, inactiveRole);
        var openEnded = Role("ExamplePractitionerRoleAgregateur3");
        openEnded.NotAvailable.Add(new PractitionerRole.NotAvailableComponent { Description = "=HYPERLINK(\"http://evil.example\")" });
        await PutAsync(alpha, openEnded);
        var schedule = IgPackage.ReadBundle(IgPackage.PsBundle).Entry.Select(e => e.Resource).OfType<Schedule>().Single(s => s.Id == "ExampleSchedule3");
        schedule.Active = false;
        Assert.That((await alpha.Http.PutAsync($"fhir/Schedule/{schedule.Id}", PushClient.Json(schedule))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var after = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(after.Entry, Is.Empty);
        foreach (var entry in before.Entry)
        {
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync(entry.FullUrl), HttpStatusCode.NotFound);
        }

        var admin = await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities");
        Assert.That(admin.GetProperty("minDays").GetInt32(), Is.EqualTo(21));
        Assert.That(admin.GetProperty("currentlyUnavailable").GetInt32(), Is.EqualTo(2));
        Assert.That(
            admin.GetProperty("unavailabilities").EnumerateArray().Select(u => u.GetProperty("reason").GetString()),
            Is.EquivalentTo(new[] { "inactive-role", "not-available", "inactive-schedule" }));

        var csv = await hub.Http.GetStringAsync("admin/unavailabilities.csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("practitioner_national_id,practitioner_name,source_instance"));
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(csv, Does.Contain("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), "formula-neutralised like every CSV of the hub");
    }

    [Test]
    public async Task A_pulled_unavailability_withholds_the_practitioners_slots_until_a_sync_without_it()
    {
        var anchor = DateTimeOffset.UtcNow;
        var options = new PublisherSimulatorOptions { Name = "unavail", PractitionerCount = 2, Seed = 11, Days = 2, Anchor = anchor };
        var generated = PublisherSimulator.GenerateResources(options);
        var declared = generated.Select(r => (Resource)r.DeepCopy()).ToList();
        var away = declared.OfType<Practitioner>().First();
        var awayId = away.Identifier.Single(i => i.System == RppsSystem).Value;
        foreach (var role in declared.OfType<PractitionerRole>().Where(r => r.Practitioner.Reference == "Practitioner/" + away.Id))
        {
            role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
            {
                Description = "Congé maternité",
                During = new Period { StartElement = new FhirDateTime(anchor.AddDays(-1)), EndElement = new FhirDateTime(anchor.AddDays(60)) },
            });

            // A bad entry is a feed-quality issue: dropped, the role and the good entry kept.
            role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent { Description = "à l'envers", During = new Period { Start = "2026-03-01", End = "2026-02-01" } });
        }

        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "unavail", Resources = declared }, CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        var roster = declared.OfType<Practitioner>().Select(p => p.Identifier.Single(i => i.System == RppsSystem).Value).ToList();
        await using var hub = await FhirReadTests.StartOnAsync(database, RunningHub.Connector("sim", publisher.BaseUrl, roster, schedule: "manual"));
        var present = roster.Single(id => id != awayId);

        await SyncAsync(hub);
        Assert.That(await FreeCountAsync(hub, awayId), Is.Zero);
        await FhirReadTests.SearchAsync(hub, present);
        var availability = await AvailabilityAsync(hub, awayId, null);
        Assert.That(availability.Part.Where(p => p.Name == "unavailable").Select(p => Part(p, "description")), Has.All.EqualTo("Congé maternité").And.Not.Empty);
        Assert.That(CountWithin(availability, "day"), Is.Zero);
        var admin = await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities");
        Assert.That(admin.GetProperty("currentlyUnavailable").GetInt32(), Is.EqualTo(1));
        Assert.That(admin.GetProperty("unavailabilities").EnumerateArray().Select(u => u.GetProperty("practitionerNationalId").GetString()), Has.All.EqualTo(awayId).And.Not.Empty);
        var quality = await hub.Http.GetStringAsync("admin/connectors/sim/quality");
        Assert.That(quality, Does.Contain("notAvailable"), "the reversed period is reported");

        publisher.ReplaceResources(generated);
        await SyncAsync(hub);
        Assert.That(await FreeCountAsync(hub, awayId), Is.GreaterThan(0));
        Assert.That((await hub.Http.GetFromJsonAsync<JsonElement>("admin/unavailabilities")).GetProperty("currentlyUnavailable").GetInt32(), Is.Zero);
    }

    private static async Task SyncAsync(RunningHub hub)
    {
        var sync = await hub.Http.PostAsync("admin/connectors/sim/sync", null);
        Assert.That((await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("succeeded"));
    }

    private static async Task<int> FreeCountAsync(RunningHub hub, string practitioner)
    {
        var now = DateTimeOffset.UtcNow;
        var query = $"_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Iso(now.AddHours(-1))}&start=le{Iso(now.AddDays(3))}&status=free&schedule.actor:Practitioner.identifier={RppsSystem}%7C{practitioner}";
        return (await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync("fhir/Slot?" + query), HttpStatusCode.OK)).Entry.Count(e => e.Resource is Slot);
    }

    private static async Task<Parameters.ParameterComponent> AvailabilityAsync(RunningHub hub, string practitioner, string? from)
    {
        var query = $"fhir/Slot/$availability?schedule.actor:Practitioner.identifier={practitioner}" + (from is null ? "" : $"&from={from}");
        var parameters = await FhirAssert.ReadAsync<Parameters>(await hub.Http.GetAsync(query), HttpStatusCode.OK);
        return parameters.Parameter.Single(p => p.Name == "practitioner");
    }

    private static int CountWithin(Parameters.ParameterComponent practitioner, string horizon) =>
        ((Integer)practitioner.Part.Single(p => p.Name == "availability" && Part(p, "horizon") == horizon).Part.Single(p => p.Name == "count").Value).Value!.Value;

    private static string? Part(Parameters.ParameterComponent parent, string name) =>
        parent.Part.SingleOrDefault(p => p.Name == name)?.Value switch
        {
            FhirDateTime dateTime => dateTime.Value,
            PrimitiveType primitive => Convert.ToString(primitive.JsonValue, CultureInfo.InvariantCulture),
            _ => null,
        };

    private static async Task<Bundle> SearchAsync(RunningHub hub) => await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);

    private static List<string> SlotIds(Bundle answer) => [.. answer.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id)];

    private static string NationalIdOf(Bundle answer, string scheduleId)
    {
        var schedule = answer.Entry.Select(e => e.Resource).OfType<Schedule>().Single(s => s.Id == "push-alpha." + scheduleId);
        var practitionerId = schedule.Actor.Select(a => a.Reference).Single(r => r.StartsWith("Practitioner/", StringComparison.Ordinal))["Practitioner/".Length..];
        return answer.Entry.Select(e => e.Resource).OfType<Practitioner>().Single(p => p.Id == practitionerId).Identifier.Single(i => i.System == RppsSystem).Value;
    }

    private static PractitionerRole Role(string id) =>
        IgPackage.ReadBundle(IgPackage.PsBundle).Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single(r => r.Id == id);

    private static async Task PutAsync(PushClient alpha, PractitionerRole role) =>
        Assert.That((await alpha.Http.PutAsync($"fhir/PractitionerRole/{role.Id}", PushClient.Json(role))).StatusCode, Is.EqualTo(HttpStatusCode.OK), role.Id);

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

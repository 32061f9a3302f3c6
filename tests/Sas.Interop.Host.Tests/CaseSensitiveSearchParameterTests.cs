using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #15 5c: FHIR search parameter names are case-sensitive. ASP.NET's query collection folded
/// <c>Start=le…</c> into a <c>start=ge…</c> given too, so the misspelt one was obeyed; alone it was already a 400.
/// Every search endpoint of the hub, each with a misspelt name beside the correctly spelt one.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class CaseSensitiveSearchParameterTests
{
    private const string Practitioner = "schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002909371";
    private const string PsIncludes = "_include=Slot:schedule&_include:iterate=Schedule:actor";
    private const string CptsIncludes = PsIncludes + "&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization";
    private const string SosIncludes = "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization";
    private const string SosAssociation = "actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020";

    private RunningHub _hub = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _hub = await RunningHub.StartAsync(PushClient.Settings());

    [OneTimeTearDown]
    public async Task StopAsync() => await _hub.DisposeAsync();

    // The misspelt name first: ASP.NET kept the last spelling as the folded key, so it was the first that got obeyed.
    [TestCase($"Slot?{PsIncludes}&Start=ge2026-11-24T08:00:00Z&start=le2026-11-25T08:00:00Z&status=free&{Practitioner}", "Start", TestName = "PS Slot search: Start beside start")]
    [TestCase($"Slot?{PsIncludes}&start=ge2026-11-24T08:00:00Z&start=le2026-11-25T08:00:00Z&status=free&Schedule.actor:Practitioner.identifier=810002673899&{Practitioner}", "Schedule.actor:Practitioner.identifier", TestName = "PS Slot search: Schedule.actor beside schedule.actor")]
    [TestCase($"Slot?{CptsIncludes}&START=ge2026-11-24T08:00:00Z&start=le2026-11-25T08:00:00Z&status=free&{Practitioner}", "START", TestName = "CPTS Slot search: START beside start")]
    [TestCase($"Slot/$availability?Schedule.actor:Practitioner.identifier=810002673899&{Practitioner}", "Schedule.actor:Practitioner.identifier", TestName = "$availability: Schedule.actor beside schedule.actor")]
    [TestCase($"Schedule?{SosIncludes}&_has:Slot:schedule:Start=ge2026-11-24T08:00:00Z&_has:Slot:schedule:start=le2026-11-25T08:00:00Z&_has:Slot:schedule:status=free&{SosAssociation}", "_has:Slot:schedule:Start", TestName = "SOS Schedule search: _has…:Start beside _has…:start")]
    public async Task A_misspelt_parameter_is_a_400_even_beside_the_right_one(string query, string misspelt)
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync("fhir/" + query), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue, Has.Some.Matches<OperationOutcome.IssueComponent>(i => i.Expression.Contains(misspelt)), string.Join(" | ", outcome.Issue.Select(i => i.Diagnostics)));
    }

    // Issue #15 6c: the IG makes the slot status mandatory in the SOS request.
    [Test]
    public async Task An_SOS_search_without_the_slot_status_is_a_400_naming_it()
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(
            await _hub.Http.GetAsync($"fhir/Schedule?{SosIncludes}&_has:Slot:schedule:start=ge2026-11-24T08:00:00Z&_has:Slot:schedule:start=le2026-11-25T08:00:00Z&{SosAssociation}"),
            HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue, Has.One.Matches<OperationOutcome.IssueComponent>(i => i.Expression.Contains("_has:Slot:schedule:status") && i.Code == OperationOutcome.IssueType.Required));
    }

    [Test]
    public async Task The_same_SOS_search_with_the_status_is_answered()
    {
        var bundle = await FhirAssert.ReadAsync<Bundle>(
            await _hub.Http.GetAsync($"fhir/Schedule?{SosIncludes}&_has:Slot:schedule:start=ge2026-11-24T08:00:00Z&_has:Slot:schedule:start=le2026-11-25T08:00:00Z&_has:Slot:schedule:status=free&{SosAssociation}"),
            HttpStatusCode.OK);

        Assert.That(bundle.Total, Is.Zero);
        Assert.That(bundle.Meta?.Profile ?? [], Is.Empty, "an empty answer claims no SOS bundle profile (4..* entries)");
    }
}

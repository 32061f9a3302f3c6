using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Capability;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Tests.Capability;

public sealed class CapabilityStatementFactoryTests
{
    private readonly CapabilityStatement statement = CapabilityStatementFactory.Create("https://hub.example/fhir/", "1.4.2");

    [Test]
    public void DescribesAnActiveR4JsonInstance_OfTheSasIg()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statement.Status, Is.EqualTo(PublicationStatus.Active));
            Assert.That(statement.Kind, Is.EqualTo(CapabilityStatementKind.Instance));
            Assert.That(statement.FhirVersion, Is.EqualTo(FHIRVersion.N4_0_1));
            Assert.That(statement.Format, Is.EqualTo(new[] { "application/fhir+json", "json" }));
            Assert.That(statement.ImplementationGuide, Is.EqualTo(new[] { "https://interop.esante.gouv.fr/ig/fhir/sas" }));
            Assert.That(statement.Software!.Version, Is.EqualTo("1.4.2"));
            Assert.That(statement.Implementation!.Url, Is.EqualTo("https://hub.example/fhir"));
            Assert.That(statement.Date, Is.Not.Empty);
            Assert.That(statement.Rest.Single().Mode, Is.EqualTo(CapabilityStatement.RestfulCapabilityMode.Server));
        }
    }

    [Test]
    public void SlotIsSearchable_WithTheIgParametersAndIncludes()
    {
        var slot = statement.Rest.Single().Resource.Single(r => r.Type == "Slot");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(slot.Interaction.Select(i => i.Code), Is.EqualTo(new CapabilityStatement.TypeRestfulInteraction?[] { CapabilityStatement.TypeRestfulInteraction.SearchType, CapabilityStatement.TypeRestfulInteraction.Update, CapabilityStatement.TypeRestfulInteraction.Delete, CapabilityStatement.TypeRestfulInteraction.Read }));
            Assert.That(slot.SupportedProfile, Is.EqualTo(new[] { SasProfiles.Slot, SasProfiles.CptsSlot, SasProfiles.SosSlot }));
            Assert.That(slot.SearchInclude, Is.EqualTo(new[] { "Slot:schedule", "Schedule:actor", "Slot:service-type-reference", "HealthcareService:organization" }));
            var start = slot.SearchParam.Single(p => p.Name == "start");
            Assert.That(start.Type, Is.EqualTo(SearchParamType.Date));
            Assert.That(start.Definition, Is.EqualTo("https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start"));
            Assert.That(slot.SearchParam.Single(p => p.Name == "status").Type, Is.EqualTo(SearchParamType.Token));
            var schedule = slot.SearchParam.Single(p => p.Name == "schedule");
            Assert.That(schedule.Type, Is.EqualTo(SearchParamType.Reference));
            Assert.That(schedule.Documentation, Does.Contain("schedule.actor:Practitioner.identifier"));
        }
    }

    [Test]
    public void IncludedTypes_AreListedWithTheirProfiles_AndOnlyPushUpdatesAndReads()
    {
        var others = statement.Rest.Single().Resource.Where(r => r.Type is not ("Slot" or "Schedule" or "Appointment")).ToDictionary(r => r.Type!);

        Assert.That(others.Keys, Is.EquivalentTo(new[] { "Practitioner", "PractitionerRole", "HealthcareService", "Organization", "Location" }));
        Assert.That(others["Practitioner"].SupportedProfile, Is.EqualTo(new[] { SasProfiles.Practitioner, Sas.Interop.Fhir.Regulators.RegulatorAccountValidator.Profile }));
        Assert.That(others["PractitionerRole"].SupportedProfile, Is.EqualTo(new[] { SasProfiles.PractitionerRole }));
        Assert.That(others["Organization"].SupportedProfile, Is.EqualTo(new[] { SasProfiles.CptsOrganization, SasProfiles.SosOrganization }));
        Assert.That(others.Values.Where(r => r.Type is "PractitionerRole" or "HealthcareService").Select(r => r.Interaction.Select(i => i.Code)), Is.All.EqualTo(new CapabilityStatement.TypeRestfulInteraction?[] { CapabilityStatement.TypeRestfulInteraction.Update, CapabilityStatement.TypeRestfulInteraction.Read }));
        Assert.That(others.Values.Where(r => r.Type is "Organization" or "Location").Select(r => r.Interaction.Select(i => i.Code)), Is.All.EqualTo(new CapabilityStatement.TypeRestfulInteraction?[] { CapabilityStatement.TypeRestfulInteraction.Update, CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType }));
    }

    [Test]
    public void Practitioner_takes_the_SAS_regulator_accounts_as_SAS_GestionnaireStructure_declares_them()
    {
        var practitioner = statement.Rest.Single().Resource.Single(r => r.Type == "Practitioner");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(practitioner.Interaction.Select(i => i.Code), Is.EquivalentTo(new CapabilityStatement.TypeRestfulInteraction?[] { CapabilityStatement.TypeRestfulInteraction.Create, CapabilityStatement.TypeRestfulInteraction.Update, CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType }));
            Assert.That(practitioner.UpdateCreate, Is.True);
            Assert.That(practitioner.ConditionalUpdate, Is.True);
            Assert.That(practitioner.SearchParam.Single().Definition, Is.EqualTo("http://hl7.org/fhir/SearchParameter/Practitioner-identifier"));
        }
    }

    [TestCase("Practitioner", "identifier", "Practitioner-identifier", SearchParamType.Token)]
    [TestCase("Schedule", "actor", "Schedule-actor", SearchParamType.Reference)]
    [TestCase("Location", "organization", "Location-organization", SearchParamType.Reference)]
    [TestCase("Organization", "identifier", "Organization-identifier", SearchParamType.Token)]
    public void The_targets_of_the_IG_chains_are_searched_on_their_own_as_its_CapabilityStatements_declare(string type, string name, string coreParameter, SearchParamType paramType)
    {
        var resource = statement.Rest.Single().Resource.Single(r => r.Type == type);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resource.Interaction.Select(i => i.Code), Has.One.EqualTo(CapabilityStatement.TypeRestfulInteraction.SearchType));
            var parameter = resource.SearchParam.Single(p => p.Name == name);
            Assert.That(parameter.Definition, Is.EqualTo($"http://hl7.org/fhir/SearchParameter/{coreParameter}"));
            Assert.That(parameter.Type, Is.EqualTo(paramType));
            Assert.That(parameter.Documentation, Does.Contain("a read by id serves"));
        }
    }

    [Test]
    public void Every_type_a_search_answers_is_read_by_id_and_none_by_version()
    {
        var resources = statement.Rest.Single().Resource.ToDictionary(r => r.Type!);
        var readable = resources.Where(r => r.Value.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.Read)).Select(r => r.Key);

        Assert.That(readable, Is.EquivalentTo(new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole", "Location", "HealthcareService", "Organization" }));
        Assert.That(resources.Values.SelectMany(r => r.Interaction).Select(i => i.Code), Has.None.EqualTo(CapabilityStatement.TypeRestfulInteraction.Vread), "the hub keeps no history");
    }

    [Test]
    public void PushedTypes_AreVersioned_WithConditionalUpdate_AndNoHistory()
    {
        var rest = statement.Rest.Single();
        var pushed = rest.Resource.Where(r => r.Type != "Appointment").ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rest.Interaction.Select(i => i.Code), Is.EqualTo(new CapabilityStatement.SystemRestfulInteraction?[] { CapabilityStatement.SystemRestfulInteraction.Transaction, CapabilityStatement.SystemRestfulInteraction.Batch }));
            Assert.That(pushed.Select(r => r.Versioning), Is.All.EqualTo(CapabilityStatement.ResourceVersionPolicy.VersionedUpdate));
            Assert.That(rest.Resource.Single(r => r.Type == "Appointment").Versioning, Is.EqualTo(CapabilityStatement.ResourceVersionPolicy.NoVersion), "appointments are relayed, not versioned");
            Assert.That(rest.Resource.Select(r => r.ReadHistory), Is.All.False);
            Assert.That(rest.Resource.Select(r => r.ConditionalUpdate), Is.All.True);
            Assert.That(rest.Resource.Single(r => r.Type == "Slot").ConditionalDelete, Is.EqualTo(CapabilityStatement.ConditionalDeleteStatus.Single));
            Assert.That(rest.Resource.Where(r => r.Type != "Slot").Select(r => r.ConditionalDelete), Is.All.Null);
            Assert.That(rest.Security?.Description, Does.Contain("consumer"));
        }
    }

    [Test]
    public void AppointmentsAreCreatedAndConditionallyUpdated_AndLastSolicitedIsDeclared()
    {
        var appointment = statement.Rest.Single().Resource.Single(r => r.Type == "Appointment");

        Assert.That(appointment.SupportedProfile, Is.EqualTo(new[] { Sas.Interop.Fhir.Appointments.AppointmentValidator.PsProfile, Sas.Interop.Fhir.Appointments.AppointmentValidator.SosProfile }));
        Assert.That(appointment.Interaction.Select(i => i.Code), Is.EquivalentTo(new[] { CapabilityStatement.TypeRestfulInteraction.Create, CapabilityStatement.TypeRestfulInteraction.Update }));
        Assert.That(appointment.ConditionalUpdate, Is.True);
        Assert.That(appointment.UpdateCreate, Is.True);
        Assert.That(statement.Rest.Single().Operation.Select(o => (o.Name, o.Definition)), Is.EqualTo(new[] { ("last-solicited", CapabilityStatementFactory.LastSolicitedDefinition) }));
    }

    [Test]
    public void ScheduleIsSearchable_TheSosWay()
    {
        var schedule = statement.Rest.Single().Resource.Single(r => r.Type == "Schedule");

        Assert.That(schedule.SupportedProfile, Is.EqualTo(new[] { SasProfiles.Schedule, SasProfiles.SosSchedule }));
        Assert.That(schedule.SearchRevInclude, Is.EqualTo(new[] { "Slot:schedule" }));
        Assert.That(schedule.SearchParam.Select(p => p.Name), Is.EquivalentTo(new[] { "_has", "actor" }));
    }

    [Test]
    public void SurvivesAStrictRoundTrip()
    {
        var reparsed = FhirJson.ParseStrict<CapabilityStatement>(FhirJson.Serialize(statement));

        Assert.That(reparsed.IsExactly(statement), Is.True);
    }
}

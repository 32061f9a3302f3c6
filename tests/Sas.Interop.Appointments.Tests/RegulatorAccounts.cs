using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Appointments.Tests;

/// <summary>The SAS's side of INT_R02 in tests: its identity, the IG's example accounts, and hubs relaying them to simulated publishers.</summary>
internal static class RegulatorAccounts
{
    public const string SasKey = "sas-platform-key-7d21";
    public const string SasTechnicalId = "b6e39355-8a61-4556-b340-36f7b95fec6a";
    public const string NationalId = "810002673899";

    public static Task<PublisherSimulator> StartPublisherAsync(string name, int seed) =>
        PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = name, PractitionerCount = 2, Seed = seed, ReceivesRegulatorAccounts = true }, CancellationToken.None);

    /// <summary>A hub where the SAS is a consumer and each of <paramref name="publishers"/> receives regulator accounts.</summary>
    public static Dictionary<string, string> Settings(params (string Id, PublisherSimulator Simulator)[] publishers)
    {
        var settings = Publishers.Settings("http://127.0.0.1:9/unused");
        settings["Consumers:sas:ApiKeys:0"] = SasKey;
        settings["RegulatorAccounts:Relay:BaseDelay"] = "00:00:00.100";
        settings["RegulatorAccounts:Relay:MaxDelay"] = "00:00:00.500";
        settings["RegulatorAccounts:Relay:PollInterval"] = "00:00:00.500";
        foreach (var (id, simulator) in publishers)
        {
            foreach (var (key, value) in RunningHub.Connector(id, simulator.BaseUrl, simulator.PractitionerIds, schedule: "manual"))
            {
                settings[key] = value;
            }

            settings[$"Connectors:{id}:RegulatorAccounts"] = "true";
        }

        return settings;
    }

    /// <summary>ExamplePractitionerRegul4: an account known by its SAS technical id.</summary>
    public static Practitioner ByTechnicalId(bool active = true, string email = "sebastien.loridon@test.com") =>
        Account(new Identifier("urn:oid:1.2.250.1.213.3.6", SasTechnicalId) { Type = new CodeableConcept("http://interopsante.org/fhir/CodeSystem/fr-v2-0203", "INTRN") }, active, email);

    /// <summary>ExamplePractitionerRegul2/3: the same regulator once they have a national id.</summary>
    public static Practitioner ByNationalId(bool active = true, string email = "sebastien.loridon@test.com") =>
        Account(new Identifier("urn:oid:1.2.250.1.71.4.2.1", NationalId) { Type = new CodeableConcept("http://interopsante.org/fhir/CodeSystem/fr-v2-0203", "IDNPS") }, active, email);

    public static HttpRequestMessage Post(Practitioner account, string? key = SasKey) =>
        Publishers.Request(HttpMethod.Post, "fhir/Practitioner", key, FhirJson.Serialize(account));

    public static HttpRequestMessage Put(string identifier, Practitioner account, string? key = SasKey) =>
        Publishers.Request(HttpMethod.Put, "fhir/Practitioner?identifier=" + Uri.EscapeDataString(identifier), key, FhirJson.Serialize(account));

    public static async Task<JsonElement> PublisherStatus(RunningHub hub, string publisher)
    {
        var status = await hub.Http.GetFromJsonAsync<JsonElement>("admin/regulator-accounts/relay");
        return status.GetProperty("publishers").EnumerateArray().Single(p => p.GetProperty("publisher").GetString() == publisher);
    }

    private static Practitioner Account(Identifier identifier, bool active, string email) => new()
    {
        Id = "sas-side-id",
        Meta = new Meta { Source = "urn:oid:1.2.250.1.213.3.6", Profile = ["https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul"] },
        Identifier = [identifier],
        Active = active,
        Name = [new HumanName { Family = "Loridon", Given = ["Sébastien"] }],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email)],
    };
}

using System.Globalization;
using System.Text;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>
/// The bodies publishers send the hub (IG 1.2.0): an agenda pushed in one transaction, one pushed Slot
/// (<c>PUT /fhir/Slot?identifier=…</c>) and an INT_R03 appointment booking a served slot (<c>POST /fhir/Appointment</c>,
/// FrAppointmentSAS as the IG's example Appointment-1).
/// </summary>
internal static class PublisherRequests
{
    private const string AppointmentProfile = "http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS";
    private const string OperatorExtension = "http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator";
    private const string AppointmentSystem = "urn:oid:1.1.111.1.11.1.1.1";
    private const string Regulator = "3456780581/11242343";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    /// <summary>Schedule id of pushed practitioner <paramref name="number"/> (<see cref="AgendaTransaction"/>).</summary>
    public static string ScheduleOf(int number) => FormattableString.Invariant($"agenda-bench-{number}");

    /// <summary>A transaction pushing one Practitioner, PractitionerRole and Schedule per national id.</summary>
    public static string AgendaTransaction(IReadOnlyList<string> nationalIds)
    {
        var entries = nationalIds.Select((id, number) => $$"""
            { "resource": { "resourceType": "Practitioner", "id": "dr-bench-{{number}}",
                "identifier": [ { "system": "{{KnownIdentifierSystems.PractitionerNationalId}}", "value": "{{id}}" } ],
                "name": [ { "family": "BENCH", "given": [ "Claire" ] } ] },
              "request": { "method": "PUT", "url": "Practitioner/dr-bench-{{number}}" } },
            { "resource": { "resourceType": "PractitionerRole", "id": "dr-bench-{{number}}-agen",
                "contained": [ { "resourceType": "Location", "id": "loc", "address": { "line": [ "12 rue des Lilas" ], "city": "Agen", "postalCode": "47000" } } ],
                "practitioner": { "reference": "Practitioner/dr-bench-{{number}}" }, "location": [ { "reference": "#loc" } ] },
              "request": { "method": "PUT", "url": "PractitionerRole/dr-bench-{{number}}-agen" } },
            { "resource": { "resourceType": "Schedule", "id": "{{ScheduleOf(number)}}",
                "actor": [ { "reference": "Practitioner/dr-bench-{{number}}" }, { "reference": "PractitionerRole/dr-bench-{{number}}-agen" } ] },
              "request": { "method": "PUT", "url": "Schedule/{{ScheduleOf(number)}}" } }
            """);
        return $$"""{ "resourceType": "Bundle", "type": "transaction", "entry": [ {{string.Join(",\n", entries)}} ] }""";
    }

    /// <summary>A free PUBLIC ambulatory Slot of 20 minutes in <paramref name="schedule"/>.</summary>
    public static string Slot(string schedule, DateTimeOffset start) => $$"""
        {
          "resourceType": "Slot",
          "meta": { "security": [ { "system": "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau", "code": "PUBLIC" } ] },
          "serviceType": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB" } ] } ],
          "schedule": { "reference": "Schedule/{{schedule}}" },
          "status": "free", "start": "{{Iso(start)}}", "end": "{{Iso(start.AddMinutes(20))}}"
        }
        """;

    /// <summary>A booked PS-individuel appointment with <paramref name="practitioner"/> in the served slot <paramref name="slotId"/>.</summary>
    public static string Appointment(string identifier, string practitioner, string slotId, DateTimeOffset start, DateTimeOffset end) => $$"""
        {
          "resourceType": "Appointment",
          "meta": { "profile": [ "{{AppointmentProfile}}" ] },
          "extension": [ { "url": "{{OperatorExtension}}", "valueReference": { "identifier": {{NationalIdentifier(Regulator)}} } } ],
          "identifier": [ { "system": "{{AppointmentSystem}}", "value": "{{identifier}}" } ],
          "status": "booked", "start": "{{Iso(start)}}", "end": "{{Iso(end)}}", "created": "{{Iso(DateTimeOffset.UtcNow)}}",
          "slot": [ { "reference": "Slot/{{slotId}}" } ],
          "participant": [ { "actor": { "identifier": {{NationalIdentifier(practitioner)}} }, "status": "accepted" } ]
        }
        """;

    private static string NationalIdentifier(string value) =>
        $$"""{ "type": { "coding": [ { "system": "{{KnownIdentifierSystems.FrV20203}}", "code": "{{KnownIdentifierSystems.IdnpsCode}}" } ] }, "system": "{{KnownIdentifierSystems.PractitionerNationalId}}", "value": "{{value}}" }""";

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

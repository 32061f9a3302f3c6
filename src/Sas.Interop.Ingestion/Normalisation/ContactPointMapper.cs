using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Elements;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>Maps FHIR telecoms to canonical ones: phones to <c>+33…</c>, e-mails kept, unusable values reported.</summary>
internal static class ContactPointMapper
{
    /// <param name="contactPoints">The telecoms as the publisher sent them.</param>
    /// <param name="report">Called with a readable message for each value that had to be dropped.</param>
    public static IReadOnlyList<CanonicalTelecom> Map(IEnumerable<ContactPoint> contactPoints, Action<string> report)
    {
        var telecoms = new List<CanonicalTelecom>();
        foreach (var contactPoint in contactPoints)
        {
            var value = contactPoint.Value?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var telecom = Map(FhirValues.Enum(contactPoint.SystemElement), value);
            if (telecom is null)
            {
                report($"The telecom '{value}' is neither a phone number nor an e-mail address; it was dropped.");
            }
            else if (!telecoms.Contains(telecom))
            {
                telecoms.Add(telecom);
            }
        }

        return telecoms;
    }

    private static CanonicalTelecom? Map(ContactPoint.ContactPointSystem? system, string value)
    {
        switch (system)
        {
            case ContactPoint.ContactPointSystem.Phone:
            case ContactPoint.ContactPointSystem.Fax:
            case ContactPoint.ContactPointSystem.Sms:
                return PhoneNumbers.ToInternational(value) is { } phone ? new CanonicalTelecom(EnumUtility.GetLiteral(system.Value), phone) : null;
            case null:
                // No system: recognise the two kinds the SAS shows to regulators.
                if (value.Contains('@', StringComparison.Ordinal))
                {
                    return new CanonicalTelecom(EnumUtility.GetLiteral(ContactPoint.ContactPointSystem.Email), value);
                }

                return PhoneNumbers.ToInternational(value) is { } guessed ? new CanonicalTelecom(EnumUtility.GetLiteral(ContactPoint.ContactPointSystem.Phone), guessed) : null;
            default:
                return new CanonicalTelecom(EnumUtility.GetLiteral(system.Value), value);
        }
    }
}

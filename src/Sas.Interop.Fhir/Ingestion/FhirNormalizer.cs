using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Fhir.Ingestion;

/// <summary>
/// Turns the FHIR resources a publisher returned for one scope into canonical records. Lenient on what comes in
/// (bare or prefixed ids, phone formats, text-only specialties, odd identifier-type systems); every resource it
/// cannot use becomes an <see cref="IngestionIssue"/> instead of an exception.
/// </summary>
public sealed class FhirNormalizer
{
    public NormalizedBatch Normalize(string sourceInstance, SyncScope scope, IReadOnlyList<Resource> resources, DateTimeOffset fetchedAt)
    {
        throw new NotImplementedException();
    }
}

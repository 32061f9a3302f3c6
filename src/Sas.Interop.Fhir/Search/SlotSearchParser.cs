using Sas.Interop.Fhir.Outcomes;

namespace Sas.Interop.Fhir.Search;

/// <summary>Parses the IG's PS-individuel Slot search into a <see cref="SlotSearchRequest"/>.</summary>
public sealed class SlotSearchParser
{
    /// <summary>Parses and validates; throws <see cref="FhirRequestException"/> (400) listing every problem found.</summary>
    public SlotSearchRequest Parse(IReadOnlyList<QueryParameter> query)
    {
        throw new NotImplementedException();
    }
}

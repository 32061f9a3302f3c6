namespace Sas.Interop.Fhir.Search;

/// <summary>The instants a FHIR search date value covers, given its precision (a day covers the whole day).</summary>
internal readonly record struct FhirDateRange(DateTimeOffset Start, DateTimeOffset End);

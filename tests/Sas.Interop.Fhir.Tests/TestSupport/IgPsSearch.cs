using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Tests.TestSupport;

/// <summary>The IG's PS-individuel example as the store would answer it: its scope, the full request, the result.</summary>
internal static class IgPsSearch
{
    public const string Source = "editeur-a";

    public static readonly SyncScope Scope = new(
        SyncScopeKind.Practitioner,
        ["810002673899", "810100050075"],
        new DateTimeOffset(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero),
        new DateTimeOffset(2021, 11, 6, 23, 59, 59, 999, TimeSpan.Zero));

    /// <summary>Schedules and their actors included, as the SAS asks.</summary>
    public static readonly SlotSearchRequest FullRequest = new()
    {
        Criteria = new SlotSearchCriteria(Scope.Keys, Scope.From, Scope.To, SlotStatus.Free, 1000),
        IncludeSchedules = true,
        IncludeScheduleActors = true,
    };

    /// <summary>The example bundle normalised (no issue allowed) into a store result, slots by start.</summary>
    public static SlotSearchResult Result(DateTimeOffset fetchedAt)
    {
        var batch = new FhirNormalizer().Normalize(Source, Scope, IgExamples.Resources(IgExamples.LoadBundle(IgExamples.PsBundle)), fetchedAt);
        Assert.That(batch.Issues, Is.Empty);
        return new SlotSearchResult(batch.Slots.Count, [.. batch.Slots.OrderBy(s => s.Start)], batch.Schedules, batch.Places, batch.Practitioners);
    }
}

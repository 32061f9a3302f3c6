using System.Globalization;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// Freshness of what the facade serves: slots fetched more than <see cref="StaleAfter"/> ago are tagged
/// (<c>meta.tag</c> <see cref="TagSystem"/>|<see cref="StaleCode"/>, display with the fetch age); those fetched more
/// than <see cref="WithholdAfter"/> ago are not served at all (the store keeps them).
/// </summary>
public sealed class SlotFreshness(TimeSpan staleAfter, TimeSpan withholdAfter, TimeProvider timeProvider)
{
    public const string TagSystem = "urn:sas-interop:freshness";
    public const string StaleCode = "stale";

    public TimeSpan StaleAfter { get; } = staleAfter;

    public TimeSpan WithholdAfter { get; } = withholdAfter;

    /// <summary>Slots fetched before this instant are withheld.</summary>
    public DateTimeOffset WithheldBefore() => timeProvider.GetUtcNow() - WithholdAfter;

    /// <summary>Adds the stale tag to <paramref name="slot"/> when <paramref name="record"/> was fetched too long ago.</summary>
    public void Tag(Slot slot, SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(record);
        if (StaleTagFor(record.FetchedAt) is not { } tag)
        {
            return;
        }

        slot.Meta ??= new Meta();
        slot.Meta.Tag.Add(tag);
    }

    /// <summary>The stale tag for a slot fetched at <paramref name="fetchedAt"/>, or null while it is fresh.</summary>
    internal Coding? StaleTagFor(DateTimeOffset fetchedAt)
    {
        var age = timeProvider.GetUtcNow() - fetchedAt;
        return age <= StaleAfter
            ? null
            : new Coding(TagSystem, StaleCode, $"Fetched {(long)age.TotalMinutes} min ago ({fetchedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})");
    }
}

using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>
/// Reads the unavailabilities from the place and schedule rows (<see cref="UnavailabilityWithholding"/> derives the
/// withheld slots from the same rows). Few rows carry one, so the filter on them comes first.
/// </summary>
internal sealed class EfUnavailabilityStore(IDbContextFactory<HubDbContext> contextFactory) : IUnavailabilityStore
{
    /// <summary>The description of an inactive role or schedule, which has none of its own.</summary>
    private const string InactiveRoleDescription = "Lieu d'exercice inactif (PractitionerRole.active = false)";
    private const string InactiveScheduleDescription = "Agenda inactif (Schedule.active = false)";

    public async Task<IReadOnlyList<PractitionerUnavailability>> ListAsync(
        IReadOnlyCollection<string>? practitionerNationalIds, DateTimeOffset now, DateTimeOffset? fetchedSince, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var since = fetchedSince?.UtcDateTime ?? DateTime.MinValue;
        var ids = practitionerNationalIds?.Distinct(StringComparer.Ordinal).ToList();

        var places = await (
            from place in db.Places.AsNoTracking()
            where (place.Inactive || place.NotAvailableJson != "[]") && place.FetchedAtUtc >= since
            join practitioner in db.Practitioners.AsNoTracking()
                on new { place.SourceInstance, NativeId = place.PractitionerNativeId } equals new { practitioner.SourceInstance, practitioner.NativeId }
            where ids == null || ids.Contains(practitioner.NationalId)
            select new { practitioner.NationalId, practitioner.Family, practitioner.GivenJson, place.SourceInstance, place.NativeId, place.LocationName, place.AddressJson, place.Inactive, place.NotAvailableJson })
            .ToListAsync(cancellationToken);

        var schedules = await (
            from schedule in db.Schedules.AsNoTracking()
            where schedule.Inactive && schedule.FetchedAtUtc >= since && schedule.PractitionerNativeId != null
            join practitioner in db.Practitioners.AsNoTracking()
                on new { schedule.SourceInstance, NativeId = schedule.PractitionerNativeId! } equals new { practitioner.SourceInstance, practitioner.NativeId }
            where ids == null || ids.Contains(practitioner.NationalId)
            join place in db.Places.AsNoTracking()
                on new { schedule.SourceInstance, NativeId = schedule.PlaceNativeId } equals new { place.SourceInstance, NativeId = (string?)place.NativeId } into placesOf
            from place in placesOf.DefaultIfEmpty()
            select new { practitioner.NationalId, practitioner.Family, practitioner.GivenJson, schedule.SourceInstance, PlaceNativeId = schedule.PlaceNativeId ?? schedule.NativeId, LocationName = place == null ? null : place.LocationName, AddressJson = place == null ? null : place.AddressJson })
            .ToListAsync(cancellationToken);

        var found = new List<PractitionerUnavailability>();
        foreach (var row in places)
        {
            var given = string.Join(' ', RowMapper.FromJson<List<string>>(row.GivenJson, []));
            var label = PlaceLabel(row.LocationName, row.AddressJson);
            if (row.Inactive)
            {
                found.Add(new(row.NationalId, row.Family, given, row.SourceInstance, row.NativeId, label, UnavailabilityKinds.InactiveRole, null, null, InactiveRoleDescription));
            }

            foreach (var period in RowMapper.FromJson<List<CanonicalUnavailability>>(row.NotAvailableJson, []))
            {
                found.Add(new(row.NationalId, row.Family, given, row.SourceInstance, row.NativeId, label, UnavailabilityKinds.NotAvailable, period.Start, period.End, period.Description));
            }
        }

        foreach (var row in schedules)
        {
            var given = string.Join(' ', RowMapper.FromJson<List<string>>(row.GivenJson, []));
            found.Add(new(row.NationalId, row.Family, given, row.SourceInstance, row.PlaceNativeId, PlaceLabel(row.LocationName, row.AddressJson), UnavailabilityKinds.InactiveSchedule, null, null, InactiveScheduleDescription));
        }

        return [.. found.Where(u => u.End is null || u.End > now)
            .OrderBy(u => u.PractitionerNationalId, StringComparer.Ordinal)
            .ThenBy(u => u.SourceInstance, StringComparer.Ordinal)
            .ThenBy(u => u.PlaceNativeId, StringComparer.Ordinal)
            .ThenBy(u => u.Start ?? DateTimeOffset.MinValue)
            .ThenBy(u => u.Kind, StringComparer.Ordinal)];
    }

    private static string? PlaceLabel(string? name, string? addressJson)
    {
        var address = RowMapper.FromJson<CanonicalAddress?>(addressJson, null);
        var where = address is null ? null : string.Join(", ", address.Lines.Append(string.Join(' ', new[] { address.PostalCode, address.City }.Where(p => !string.IsNullOrWhiteSpace(p)))).Where(p => !string.IsNullOrWhiteSpace(p)));
        return name is null ? where : where is null ? name : $"{name}, {where}";
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// The push API's reads and its write: versioned upserts by (source, native id) and slot deletions in one transaction.
/// Correctness rests on the database, not on the host's per-publisher lock: unique (source, native id) indexes make
/// duplicates impossible, and every UPDATE/DELETE carries the version it was based on, so concurrent writers on
/// several nodes lose with a retry or a 412, never silently.
/// </summary>
internal sealed class EfPushStore(IDbContextFactory<HubDbContext> contextFactory, IServedResourceRenderer? renderer = null) : IPushStore
{
    // Retries after a concurrent writer won the race on a row (see ApplyAsync).
    private const int MaxAttempts = 3;

    public async Task<NormalizedBatch> LoadAgendaAsync(
        string sourceInstance,
        IReadOnlyCollection<string> scheduleIds,
        IReadOnlyCollection<string> placeIds,
        IReadOnlyCollection<string> practitionerIds,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var schedules = scheduleIds.Count == 0 ? [] : await db.Schedules.AsNoTracking()
            .Where(s => s.SourceInstance == sourceInstance && scheduleIds.Contains(s.NativeId)).ToListAsync(cancellationToken);

        var wantedPlaces = placeIds.Concat(schedules.Select(s => s.PlaceNativeId).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        var places = wantedPlaces.Count == 0 ? [] : await db.Places.AsNoTracking()
            .Where(p => p.SourceInstance == sourceInstance && wantedPlaces.Contains(p.NativeId)).ToListAsync(cancellationToken);

        var wantedPractitioners = practitionerIds
            .Concat(schedules.Select(s => s.PractitionerNativeId).OfType<string>())
            .Concat(places.Select(p => p.PractitionerNativeId))
            .Distinct(StringComparer.Ordinal).ToList();
        var practitioners = wantedPractitioners.Count == 0 ? [] : await db.Practitioners.AsNoTracking()
            .Where(p => p.SourceInstance == sourceInstance && wantedPractitioners.Contains(p.NativeId)).ToListAsync(cancellationToken);

        return new NormalizedBatch
        {
            Practitioners = [.. practitioners.Select(RowMapper.ToCanonical)],
            Places = [.. places.Select(RowMapper.ToCanonical)],
            Schedules = [.. schedules.Select(RowMapper.ToCanonical)],
        };
    }

    public async Task<bool> HoldsSlotsAsync(string sourceInstance, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Slots.AnyAsync(s => s.SourceInstance == sourceInstance, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ResolveIdentifierAsync(
        string sourceInstance,
        string resourceType,
        string? system,
        string value,
        string? claimAs,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(value);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ResolveIdentifierOnceAsync(sourceInstance, resourceType, system, value, claimAs, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another request (another node) recorded this identifier, or took the id chosen, first: read again.
            }
        }
    }

    private async Task<IReadOnlyList<string>> ResolveIdentifierOnceAsync(string source, string type, string? system, string value, string? claimAs, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var named = db.PushIdentifiers.Where(i => i.SourceInstance == source && i.ResourceType == type);
        var matches = await named.Where(i => i.Value == value && (system == null || i.System == system))
            .Select(i => i.NativeId).ToListAsync(cancellationToken);
        if (matches.Count > 0)
        {
            return matches;
        }

        // Nothing recorded yet: the value itself is the id (before systems were told apart it always was), unless
        // another identifier already holds it.
        var valueIsClaimed = await named.AnyAsync(i => i.NativeId == value, cancellationToken);
        if (claimAs is null)
        {
            return valueIsClaimed ? [] : [value];
        }

        string? nativeId = null;
        foreach (var candidate in CandidateIds(claimAs, value))
        {
            // The value may name an unclaimed stored resource (that is the point); a derived id must be new.
            var free = candidate == value
                ? !valueIsClaimed
                : !await named.AnyAsync(i => i.NativeId == candidate, cancellationToken) && !await RowExistsAsync(db, source, type, candidate, cancellationToken);
            if (free)
            {
                nativeId = candidate;
                break;
            }
        }

        if (nativeId is null)
        {
            throw new InvalidOperationException($"No free id for {type} identifier '{claimAs}|{value}' of {source}.");
        }

        db.PushIdentifiers.Add(new PushIdentifierRow { SourceInstance = source, ResourceType = type, System = claimAs, Value = value, NativeId = nativeId });
        await db.SaveChangesAsync(cancellationToken);
        return [nativeId];
    }

    // Readable first: the value, then the value tagged with its system's hash, then a hash alone. All FHIR ids.
    private static IEnumerable<string> CandidateIds(string system, string value)
    {
        yield return value;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(system + "\n" + value)));
        yield return (value.Length > 55 ? value[..55] : value) + "-" + hash[..8];
        yield return "h" + hash[..40];
    }

    public async Task<string?> FindHashedNativeIdAsync(string sourceInstance, string resourceType, string hubId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // Rare (only ids too long or, stored before ids were checked, not FHIR ids): a scan of the source's ids.
        var ids = resourceType switch
        {
            "Practitioner" => NativeIds(db.Practitioners),
            "PractitionerRole" => NativeIds(db.Places),
            "Schedule" => NativeIds(db.Schedules),
            "Slot" => NativeIds(db.Slots),
            "Organization" => NativeIds(db.Organizations),
            "HealthcareService" => NativeIds(db.HealthcareServices),
            "Location" => NativeIds(db.Locations),
            _ => throw new ArgumentOutOfRangeException(nameof(resourceType), resourceType, "Not a pushed resource type."),
        };
        await foreach (var nativeId in ids.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (ResourceIds.For(sourceInstance, nativeId) == hubId)
            {
                return nativeId;
            }
        }

        return null;

        IQueryable<string> NativeIds<TRow>(DbSet<TRow> rows)
            where TRow : class, ISourceRow => rows.AsNoTracking().Where(r => r.SourceInstance == sourceInstance).Select(r => r.NativeId);
    }

    private static Task<bool> RowExistsAsync(HubDbContext db, string source, string type, string nativeId, CancellationToken cancellationToken)
    {
        return type switch
        {
            "Practitioner" => Exists(db.Practitioners),
            "PractitionerRole" => Exists(db.Places),
            "Schedule" => Exists(db.Schedules),
            "Slot" => Exists(db.Slots),
            "Organization" => Exists(db.Organizations),
            "HealthcareService" => Exists(db.HealthcareServices),
            "Location" => Exists(db.Locations),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a pushed resource type."),
        };

        Task<bool> Exists<TRow>(DbSet<TRow> rows)
            where TRow : class, ISourceRow => rows.AnyAsync(r => r.SourceInstance == source && r.NativeId == nativeId, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<PushKey, PushWriteOutcome>> ApplyAsync(
        string sourceInstance,
        NormalizedBatch batch,
        IReadOnlyCollection<string> slotIdsToDelete,
        IReadOnlyDictionary<PushKey, long> expectedVersions,
        bool atomic,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceInstance);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(expectedVersions);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(sourceInstance, batch, slotIdsToDelete, expectedVersions, atomic, RowMapper.Utc(now), cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another writer (another node: the in-process lock does not span nodes) changed a row between this
                // transaction's read and its UPDATE, which therefore matched no row. Read again: an If-Match now
                // compares with the new version and fails properly; a write without one applies on top.
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another node inserted the same new (source, native id) first: the unique index refused this INSERT
                // (PostgreSQL; SQLite serialises writers). Read again: the row is there now, and this write updates it.
            }
        }
    }

    private async Task<IReadOnlyDictionary<PushKey, PushWriteOutcome>> ApplyOnceAsync(
        string source,
        NormalizedBatch batch,
        IReadOnlyCollection<string> slotIdsToDelete,
        IReadOnlyDictionary<PushKey, long> expected,
        bool atomic,
        DateTime now,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcomes = new Dictionary<PushKey, PushWriteOutcome>();
        var write = AgendaWriter.ForPush(db, source, renderer, expected, outcomes, now);
        await write.WriteAgendaAsync(batch, cancellationToken);
        await write.WriteSlotsAsync(batch.Slots, cancellationToken);

        foreach (var nativeId in slotIdsToDelete.Distinct(StringComparer.Ordinal))
        {
            var key = new PushKey("Slot", nativeId);
            var rows = db.Slots.Where(s => s.SourceInstance == source && s.NativeId == nativeId);

            // If-Match on DELETE: the version is part of the DELETE's own WHERE, not a read before it.
            var deleted = expected.TryGetValue(key, out var version)
                ? await rows.Where(s => s.Version == version).ExecuteDeleteAsync(cancellationToken)
                : await rows.ExecuteDeleteAsync(cancellationToken);
            if (deleted > 0)
            {
                outcomes[key] = new PushWriteOutcome(PushWriteStatus.Deleted, null, null);
            }
            else
            {
                var stored = await rows.Select(s => new { s.Version, s.VersionedAtUtc }).FirstOrDefaultAsync(cancellationToken);
                // If-Match on a slot that is not there cannot match either (RFC 9110 13.1.1).
                outcomes[key] = stored is not null ? new PushWriteOutcome(PushWriteStatus.VersionConflict, stored.Version, RowMapper.Offset(stored.VersionedAtUtc))
                    : expected.ContainsKey(key) ? new PushWriteOutcome(PushWriteStatus.VersionConflict, null, null)
                    : new PushWriteOutcome(PushWriteStatus.NotFound, null, null);
            }
        }

        if (atomic && outcomes.Values.Any(o => o.Status == PushWriteStatus.VersionConflict))
        {
            // A transaction is all or nothing: the deletions already run are rolled back with it.
            await transaction.RollbackAsync(cancellationToken);
            return outcomes;
        }

        await write.SaveAsync(cancellationToken);
        await write.WithholdAsync(batch, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }
}

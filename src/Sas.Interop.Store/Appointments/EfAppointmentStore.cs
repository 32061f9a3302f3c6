using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Store.Outbox;

namespace Sas.Interop.Store.Appointments;

internal sealed class EfAppointmentStore(IDbContextFactory<HubDbContext> contextFactory) : EfOutbox<AppointmentOutboxRow>(contextFactory), IAppointmentStore
{
    public async Task<AppointmentSaveResult> SaveAsync(AppointmentWrite write, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var appointments = db.Set<AppointmentRow>();
        var now = receivedAt.UtcDateTime;
        var row = await appointments.SingleOrDefaultAsync(
            a => a.PublisherId == write.PublisherId && a.IdentifierSystem == write.IdentifierSystem && a.IdentifierValue == write.IdentifierValue,
            cancellationToken);

        var created = row is null;
        var previousPractitioner = row?.PractitionerNationalId;
        if (row is null)
        {
            row = new AppointmentRow
            {
                HubId = Guid.NewGuid().ToString("N"),
                PublisherId = write.PublisherId,
                IdentifierSystem = write.IdentifierSystem,
                IdentifierValue = write.IdentifierValue,
                Status = write.Status,
                ResourceJson = write.ResourceJson,
                ReceivedAtUtc = now,
            };
            appointments.Add(row);
        }

        row.Status = write.Status;
        row.StartUtc = write.Start.UtcDateTime;
        row.EndUtc = write.End.UtcDateTime;
        row.PractitionerNationalId = write.PractitionerNationalId;
        row.SlotSourceInstance = write.Slot?.SourceInstance ?? row.SlotSourceInstance;
        row.SlotNativeId = write.Slot?.NativeId ?? row.SlotNativeId;
        row.ResourceJson = write.ResourceJson;
        row.UpdatedAtUtc = now;
        row.LastSequence++;

        db.Set<AppointmentOutboxRow>().Add(new AppointmentOutboxRow
        {
            Stream = row.HubId,
            Sequence = row.LastSequence,
            IdentifierSystem = write.IdentifierSystem,
            IdentifierValue = write.IdentifierValue,
            ResourceJson = write.ResourceJson,
            State = Pending,
            EnqueuedAtUtc = now,
            NextAttemptAtUtc = now,
        });

        // A new booking takes the slot at once (AgendaWritePolicy.Booking); a cancellation leaves it busy (only the
        // publisher's next sync frees it).
        if (write.Slot is { } slot && write.Status != "cancelled")
        {
            await AgendaWriter.BookSlotAsync(db, slot, now, cancellationToken);
        }

        // Solicited: the practitioner got a new appointment (a creation, or an existing one moved to them).
        if (write.PractitionerNationalId is { } practitioner && write.Status != "cancelled" && (created || previousPractitioner != practitioner))
        {
            var solicitation = await db.Set<PractitionerSolicitationRow>().FindAsync([practitioner], cancellationToken);
            if (solicitation is null)
            {
                solicitation = new PractitionerSolicitationRow { PractitionerNationalId = practitioner };
                db.Set<PractitionerSolicitationRow>().Add(solicitation);
            }

            solicitation.LastSolicitedAtUtc = now;
            solicitation.Appointments++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AppointmentSaveResult(row.HubId, created, row.LastSequence);
    }

    public async Task<StoredAppointment?> FindAsync(string publisherId, string identifierSystem, string identifierValue, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<AppointmentRow>().AsNoTracking()
            .Where(a => a.PublisherId == publisherId && a.IdentifierSystem == identifierSystem && a.IdentifierValue == identifierValue)
            .Select(a => new StoredAppointment(a.HubId, a.PractitionerNationalId))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> SlotSourcesAsync(string nativeId, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Slots.AsNoTracking().Where(s => s.NativeId == nativeId).Select(s => s.SourceInstance).Distinct().ToListAsync(cancellationToken);
    }

    public async Task<string?> SlotPractitionerAsync(SlotKey slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Slots.AsNoTracking().Where(s => s.SourceInstance == slot.SourceInstance && s.NativeId == slot.NativeId)
            .Select(s => s.PractitionerNationalId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> PractitionerSourcesAsync(string practitionerNationalId, CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var fromPractitioners = await db.Practitioners.AsNoTracking().Where(p => p.NationalId == practitionerNationalId).Select(p => p.SourceInstance).Distinct().ToListAsync(cancellationToken);
        var fromSlots = await db.Slots.AsNoTracking().Where(s => s.PractitionerNationalId == practitionerNationalId).Select(s => s.SourceInstance).Distinct().ToListAsync(cancellationToken);
        return [.. fromPractitioners.Union(fromSlots, StringComparer.Ordinal)];
    }

    // Later versions update the SAS's resource by the id it gave to the creation.
    protected override Expression<Func<AppointmentOutboxRow, OutboxEntry>> Entry(HubDbContext db)
    {
        var appointments = db.Set<AppointmentRow>();
        return o => new OutboxEntry(
            o.Id,
            o.Stream,
            o.Sequence,
            null,
            o.IdentifierSystem,
            o.IdentifierValue,
            o.ResourceJson,
            o.Attempts,
            appointments.Where(a => a.HubId == o.Stream).Select(a => a.SasId).FirstOrDefault());
    }

    public override async Task MarkDeliveredAsync(long outboxId, DateTimeOffset at, string? remoteId, CancellationToken cancellationToken)
    {
        await base.MarkDeliveredAsync(outboxId, at, remoteId, cancellationToken);
        if (remoteId is not null)
        {
            // The first id the SAS gave stays: a later answer naming another would be the SAS's inconsistency, not a move.
            await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
            var hubId = db.Set<AppointmentOutboxRow>().Where(o => o.Id == outboxId).Select(o => o.Stream);
            await db.Set<AppointmentRow>().Where(a => hubId.Contains(a.HubId) && a.SasId == null).ExecuteUpdateAsync(
                s => s.SetProperty(a => a.SasId, remoteId),
                cancellationToken);
        }
    }

    public async Task<RelayStatus> RelayStatusAsync(CancellationToken cancellationToken)
    {
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var status = await StatusAsync(db.Set<AppointmentOutboxRow>().AsNoTracking(), cancellationToken);
        var appointments = await db.Set<AppointmentRow>().CountAsync(cancellationToken);
        return new RelayStatus(status, appointments);
    }

    public async Task<IReadOnlyDictionary<DateOnly, int>> CreatedPerDayAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var fromUtc = StatisticsCalendar.StartUtc(from);
        var toUtc = StatisticsCalendar.StartUtc(to.AddDays(1));
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var received = await db.Set<AppointmentRow>().AsNoTracking().Where(a => a.ReceivedAtUtc >= fromUtc && a.ReceivedAtUtc < toUtc).Select(a => a.ReceivedAtUtc).ToListAsync(cancellationToken);
        return received.GroupBy(StatisticsCalendar.DayOfUtc).ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task<IReadOnlyList<PractitionerSolicitation>> SolicitationsAsync(IReadOnlyCollection<string> practitionerNationalIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(practitionerNationalIds);
        var ids = practitionerNationalIds.ToList();
        await using var db = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<PractitionerSolicitationRow>().AsNoTracking().Where(s => ids.Contains(s.PractitionerNationalId)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PractitionerSolicitation(r.PractitionerNationalId, RowMapper.Offset(r.LastSolicitedAtUtc), r.Appointments))];
    }
}

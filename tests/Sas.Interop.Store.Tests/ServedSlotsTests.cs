using Microsoft.EntityFrameworkCore;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store.Tests;

/// <summary>
/// The one served-slot rule (<see cref="ServedSlots"/>) says the same in SQL (every served-slot query) and in memory
/// (the served cache), for each ask.
/// </summary>
[Category("Integration")]
public sealed class ServedSlotsTests
{
    private static readonly DateTime Cut = new(2026, 11, 30, 7, 0, 0, DateTimeKind.Utc);

    // (native id, status, withheld, fetched at, types)
    private static readonly (string Id, int Status, bool Withheld, DateTime Fetched, int Types)[] Rows =
    [
        ("free", (int)SlotStatus.Free, false, Cut, (int)SlotTypes.Public),
        ("busy", (int)SlotStatus.Busy, false, Cut, (int)SlotTypes.Public),
        ("withheld", (int)SlotStatus.Free, true, Cut, (int)SlotTypes.Public),
        ("stale", (int)SlotStatus.Free, false, Cut.AddTicks(-10), (int)SlotTypes.Public),
        ("cpts-only", (int)SlotStatus.Free, false, Cut, (int)SlotTypes.Cpts),
        ("cpts-and-public", (int)SlotStatus.Free, false, Cut, (int)(SlotTypes.Cpts | SlotTypes.Public)),
        ("untyped", (int)SlotStatus.Free, false, Cut, 0),
    ];

    private static IEnumerable<TestCaseData> Asks()
    {
        foreach (var status in new[] { SlotStatus.Free, SlotStatus.Busy })
        {
            foreach (var since in new DateTime?[] { null, Cut })
            {
                foreach (var psIndividual in new[] { true, false })
                {
                    yield return new TestCaseData(status, since, psIndividual).SetArgDisplayNames($"{status} since={since?.ToString("O") ?? "-"} ps={psIndividual}");
                }
            }
        }
    }

    [TestCaseSource(nameof(Asks))]
    public async Task The_database_and_the_cache_serve_the_same_slots(SlotStatus status, DateTime? since, bool psIndividual)
    {
        var ask = new ServedSlotAsk((int)status, since, psIndividual);
        await using var store = await StoreFixture.CreateAsync();
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            db.Slots.AddRange(Rows.Select(r => new SlotRow
            {
                SourceInstance = "s", NativeId = r.Id, ScheduleNativeId = "sc", Status = r.Status, Unavailable = r.Withheld, FetchedAtUtc = r.Fetched, Types = r.Types,
                StartUtc = Cut.AddHours(1), EndUtc = Cut.AddHours(2), SpecialtiesJson = "[]", CptsServicesJson = "[]", MotivesJson = "[]",
            }));
            await db.SaveChangesAsync();
        }

        await using var read = await store.Contexts.CreateDbContextAsync();
        var inSql = (await read.Slots.AsNoTracking().Served(ask).Select(s => s.NativeId).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        var inMemory = Rows.Where(r => !r.Withheld)
            .Where(r => ask.Serves(new AgendaSlot(Cut.AddHours(1), "s", r.Id, r.Status, r.Types, 0, r.Fetched, null, null, null, null)))
            .Select(r => r.Id).Order(StringComparer.Ordinal).ToList();

        Assert.That(inSql, Is.EqualTo(inMemory));
        if (status == SlotStatus.Free && since is not null && psIndividual)
        {
            Assert.That(inSql, Is.EqualTo(new[] { "cpts-and-public", "free", "untyped" }));
        }
    }
}

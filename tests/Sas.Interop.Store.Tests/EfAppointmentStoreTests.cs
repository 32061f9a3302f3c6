using Sas.Interop.Core.Appointments;

namespace Sas.Interop.Store.Tests;

[Category("Integration")]
public sealed class EfAppointmentStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Of_two_relays_reading_the_same_due_row_exactly_one_claims_it_and_it_is_due_again_after_the_lease()
    {
        await using var store = await StoreFixture.CreateAsync();
        await store.Appointments.SaveAsync(Write("alpha", "a", "booked"), T0, CancellationToken.None);
        var seenByNodeA = (await store.Appointments.DueAsync(T0, 10, CancellationToken.None)).Single();
        var seenByNodeB = (await store.Appointments.DueAsync(T0, 10, CancellationToken.None)).Single();

        var claims = await Task.WhenAll(
            store.Appointments.TryBeginAttemptAsync(seenByNodeA.Id, seenByNodeA.Attempts, T0, T0.AddSeconds(50), CancellationToken.None),
            store.Appointments.TryBeginAttemptAsync(seenByNodeB.Id, seenByNodeB.Attempts, T0, T0.AddSeconds(50), CancellationToken.None));
        var duringLease = await store.Appointments.DueAsync(T0.AddSeconds(10), 10, CancellationToken.None);
        var afterLease = await store.Appointments.DueAsync(T0.AddSeconds(51), 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(claims.Count(c => c), Is.EqualTo(1), "one node sends, the other skips");
            Assert.That(duringLease, Is.Empty, "claimed: not due while the attempt may be running");
            Assert.That(afterLease.Single().Attempts, Is.EqualTo(1), "a relay that died mid-request leaves the row to the others, attempt counted");
        });
    }

    [Test]
    public async Task A_version_is_not_due_while_an_earlier_one_of_its_appointment_is_pending()
    {
        await using var store = await StoreFixture.CreateAsync();
        var a1 = await store.Appointments.SaveAsync(Write("alpha", "a", "booked"), T0, CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "a", "cancelled"), T0, CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "b", "booked"), T0, CancellationToken.None);

        var first = await store.Appointments.DueAsync(T0, 10, CancellationToken.None);
        var a1Row = first.Single(m => m.Stream == a1.Id);
        Assert.That(await store.Appointments.TryBeginAttemptAsync(a1Row.Id, a1Row.Attempts, T0, T0.AddSeconds(50), CancellationToken.None), Is.True);
        await store.Appointments.MarkRetryAsync(a1Row.Id, T0.AddMinutes(1), "HTTP 503", CancellationToken.None);
        var whileA1Waits = await store.Appointments.DueAsync(T0.AddSeconds(1), 10, CancellationToken.None);
        await store.Appointments.MarkDeliveredAsync(a1Row.Id, T0.AddMinutes(1), "sas-1", CancellationToken.None);
        var afterA1 = await store.Appointments.DueAsync(T0.AddMinutes(1), 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(m => (m.IdentifierValue, m.Sequence)), Is.EquivalentTo(new[] { ("a", 1), ("b", 1) }), "a#2 waits behind a#1");
            Assert.That(whileA1Waits.Select(m => (m.IdentifierValue, m.Sequence)), Is.EquivalentTo(new[] { ("b", 1) }), "a#1 backs off, a#2 still waits");
            Assert.That(afterA1.Select(m => (m.IdentifierValue, m.Sequence)), Is.EquivalentTo(new[] { ("a", 2), ("b", 1) }));
            Assert.That(afterA1.Select(m => (m.IdentifierValue, m.RemoteId)), Is.EquivalentTo(new[] { ("a", (string?)"sas-1"), ("b", null) }), "later versions know the SAS's id");
        });
    }

    [Test]
    public async Task Two_publishers_naming_one_identifier_hold_two_appointments()
    {
        // Keyed by (publisher, system, value): a publisher squatting another's identifier neither blocks nor changes it.
        await using var store = await StoreFixture.CreateAsync();
        var beta = await store.Appointments.SaveAsync(Write("beta", "a", "cancelled"), T0, CancellationToken.None);
        var alpha = await store.Appointments.SaveAsync(Write("alpha", "a", "booked"), T0, CancellationToken.None);
        var alphaAgain = await store.Appointments.SaveAsync(Write("alpha", "a", "fulfilled"), T0, CancellationToken.None);

        var status = await store.Appointments.RelayStatusAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That((beta.Created, alpha.Created, alphaAgain.Created), Is.EqualTo((true, true, false)));
            Assert.That(alpha.Id, Is.Not.EqualTo(beta.Id));
            Assert.That(alphaAgain.Id, Is.EqualTo(alpha.Id));
            Assert.That((status.Appointments, status.Outbox.Pending), Is.EqualTo((2, 3)));
        });
    }

    [Test]
    public async Task A_practitioner_is_solicited_by_new_appointments_not_by_updates_or_cancellations()
    {
        await using var store = await StoreFixture.CreateAsync();
        await store.Appointments.SaveAsync(Write("alpha", "a", "booked", "810000000101"), T0, CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "a", "fulfilled", "810000000101"), T0.AddHours(1), CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "b", "booked", "810000000101"), T0.AddHours(2), CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "b", "booked", "810000000102"), T0.AddHours(3), CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "c", "cancelled", "810000000103"), T0.AddHours(4), CancellationToken.None);

        var found = (await store.Appointments.SolicitationsAsync(["810000000101", "810000000102", "810000000103"], CancellationToken.None))
            .ToDictionary(s => s.PractitionerNationalId);

        Assert.Multiple(() =>
        {
            Assert.That((found["810000000101"].LastSolicitedAt, found["810000000101"].Appointments), Is.EqualTo((T0.AddHours(2), 2)));
            Assert.That((found["810000000102"].LastSolicitedAt, found["810000000102"].Appointments), Is.EqualTo((T0.AddHours(3), 1)), "moved to this PS");
            Assert.That(found.ContainsKey("810000000103"), Is.False, "a cancelled appointment solicits nobody");
        });
    }

    [Test]
    public async Task Purging_drops_old_settled_rows_and_never_a_pending_one()
    {
        await using var store = await StoreFixture.CreateAsync();
        await store.Appointments.SaveAsync(Write("alpha", "a", "booked"), T0, CancellationToken.None);
        await store.Appointments.SaveAsync(Write("alpha", "b", "booked"), T0, CancellationToken.None);
        var due = await store.Appointments.DueAsync(T0, 10, CancellationToken.None);
        var delivered = due.Single(m => m.IdentifierValue == "a");
        var failing = due.Single(m => m.IdentifierValue == "b");
        Assert.That(await store.Appointments.TryBeginAttemptAsync(delivered.Id, delivered.Attempts, T0, T0.AddSeconds(50), CancellationToken.None), Is.True);
        await store.Appointments.MarkDeliveredAsync(delivered.Id, T0, null, CancellationToken.None);
        Assert.That(await store.Appointments.TryBeginAttemptAsync(failing.Id, failing.Attempts, T0, T0.AddSeconds(50), CancellationToken.None), Is.True);
        await store.Appointments.MarkRetryAsync(failing.Id, T0.AddMinutes(5), "HTTP 503", CancellationToken.None);

        var tooEarly = await store.Appointments.PurgeSettledAsync(T0, CancellationToken.None);
        var purged = await store.Appointments.PurgeSettledAsync(T0.AddDays(31), CancellationToken.None);

        var status = await store.Appointments.RelayStatusAsync(CancellationToken.None);
        Assert.That((tooEarly, purged, status.Outbox.Delivered, status.Outbox.Pending, status.Appointments), Is.EqualTo((0, 1, 0, 1, 2)));
    }

    private static AppointmentWrite Write(string publisher, string value, string status, string? practitioner = "810000000101") =>
        new(publisher, "urn:oid:1.1.111.1.11.1.1.1", value, status, T0.AddDays(1), T0.AddDays(1).AddMinutes(15), practitioner, null, "{\"resourceType\":\"Appointment\"}");
}

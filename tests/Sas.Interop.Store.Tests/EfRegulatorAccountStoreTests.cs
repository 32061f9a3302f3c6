using Sas.Interop.Core.Regulators;

namespace Sas.Interop.Store.Tests;

/// <summary>Regulator accounts and their outbox: one account per identifier, one ordered stream per publisher and account.</summary>
[Category("Integration")]
public sealed class EfRegulatorAccountStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly RegulatorIdentifier Uuid = new(RegulatorIdentifier.SasTechnicalSystem, "b6e39355-8a61-4556-b340-36f7b95fec6a");
    private static readonly RegulatorIdentifier National = new(RegulatorIdentifier.NationalSystem, "810002673899");
    private static readonly string[] TwoPublishers = ["pub-a", "pub-b"];

    [Test]
    public async Task Create_update_identifier_change_and_withdrawal_make_one_account_and_one_ordered_stream_per_publisher()
    {
        await using var store = await StoreFixture.CreateAsync();
        var accounts = store.RegulatorAccounts;
        var created = await accounts.SaveAsync(Write(null, [Uuid], true, "v1"), T0, CancellationToken.None);
        var retried = await accounts.SaveAsync(Write(null, [Uuid], true, "v1"), T0, CancellationToken.None);
        var updated = await accounts.SaveAsync(Write(Uuid, [Uuid], true, "v2"), T0, CancellationToken.None);
        var moved = await accounts.SaveAsync(Write(Uuid, [National], true, "v3"), T0, CancellationToken.None);
        var withdrawn = await accounts.SaveAsync(Write(National, [National], false, "v4"), T0, CancellationToken.None);

        var due = await accounts.DueAsync(T0, 10, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(new[] { created.Created, retried.Created, updated.Created, moved.Created, withdrawn.Created }, Is.EqualTo(new[] { true, false, false, false, false }), "a create the SAS retries is an update");
            Assert.That(new[] { retried.Id, updated.Id, moved.Id, withdrawn.Id }, Is.All.EqualTo(created.Id), "one account throughout, identifier change included");
            Assert.That(withdrawn.Version, Is.EqualTo(5));
            Assert.That(await accounts.CountAsync(CancellationToken.None), Is.EqualTo(1));
            Assert.That((await accounts.FindAsync(created.Id, CancellationToken.None))!.Active, Is.False);

            // One due row per (publisher, account): the first version, the others wait behind it.
            Assert.That(due.Select(d => (d.Destination, d.Sequence)), Is.EquivalentTo(new[] { ("pub-a", 1), ("pub-b", 1) }));
            Assert.That(due.Select(d => d.IsFirstCreate), Is.All.True);
        });
    }

    [Test]
    public async Task Each_version_is_addressed_by_the_identifier_the_publisher_knows_the_account_by()
    {
        await using var store = await StoreFixture.CreateAsync();
        var accounts = store.RegulatorAccounts;
        await accounts.SaveAsync(Write(null, [Uuid], true, "v1"), T0, CancellationToken.None);
        await accounts.SaveAsync(Write(Uuid, [National], true, "v2"), T0, CancellationToken.None);
        await accounts.SaveAsync(Write(National, [National], false, "v3"), T0, CancellationToken.None);

        var addresses = new List<(int, string, string)>();
        for (var i = 0; i < 3; i++)
        {
            var row = (await accounts.DueAsync(T0.AddMinutes(i), 10, CancellationToken.None)).Single(d => d.Destination == "pub-a");
            Assert.That(await accounts.TryBeginAttemptAsync(row.Id, row.Attempts, T0.AddMinutes(i), T0.AddMinutes(i).AddSeconds(30), CancellationToken.None), Is.True);
            await accounts.MarkDeliveredAsync(row.Id, T0.AddMinutes(i), null, CancellationToken.None);
            addresses.Add((row.Sequence, row.IdentifierValue, row.ResourceJson));
        }

        Assert.That(addresses, Is.EqualTo(new[]
        {
            (1, Uuid.Value, "v1"),
            (2, Uuid.Value, "v2"), // the identifier change is addressed by the old identifier, as the IG's FAQ does
            (3, National.Value, "v3"),
        }));
    }

    [Test]
    public async Task A_failing_publisher_delays_only_its_own_stream()
    {
        await using var store = await StoreFixture.CreateAsync();
        var accounts = store.RegulatorAccounts;
        await accounts.SaveAsync(Write(null, [Uuid], true, "v1"), T0, CancellationToken.None);
        await accounts.SaveAsync(Write(Uuid, [Uuid], false, "v2"), T0, CancellationToken.None);
        var first = await accounts.DueAsync(T0, 10, CancellationToken.None);
        foreach (var row in first)
        {
            Assert.That(await accounts.TryBeginAttemptAsync(row.Id, row.Attempts, T0, T0.AddSeconds(30), CancellationToken.None), Is.True);
            if (row.Destination == "pub-a")
            {
                await accounts.MarkRetryAsync(row.Id, T0.AddMinutes(10), "HTTP 503", CancellationToken.None);
            }
            else
            {
                await accounts.MarkDeliveredAsync(row.Id, T0, null, CancellationToken.None);
            }
        }

        var next = await accounts.DueAsync(T0.AddMinutes(1), 10, CancellationToken.None);
        var deliveries = await accounts.DeliveriesAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(next.Select(d => (d.Destination, d.Sequence)), Is.EqualTo(new[] { ("pub-b", 2) }), "pub-a's second version waits for its first; pub-b goes on");
            Assert.That(deliveries.Single(d => d.Publisher == "pub-a").Status.Failing, Is.EqualTo(1));
            Assert.That(deliveries.Single(d => d.Publisher == "pub-a").Status.Pending, Is.EqualTo(2));
            Assert.That(deliveries.Single(d => d.Publisher == "pub-b").Status.Delivered, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_identifier_of_another_account_is_a_conflict_and_nothing_is_stored()
    {
        await using var store = await StoreFixture.CreateAsync();
        var accounts = store.RegulatorAccounts;
        var first = await accounts.SaveAsync(Write(null, [Uuid], true, "a"), T0, CancellationToken.None);
        var second = await accounts.SaveAsync(Write(null, [National], true, "b"), T0, CancellationToken.None);

        var taking = await accounts.SaveAsync(Write(National, [Uuid], true, "b2"), T0, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(taking.ConflictingAccountId, Is.EqualTo(first.Id));
            Assert.That((await accounts.FindAsync(second.Id, CancellationToken.None))!.ResourceJson, Is.EqualTo("b"), "unchanged");
            Assert.That((await accounts.DeliveriesAsync(CancellationToken.None)).Sum(d => d.Status.Pending), Is.EqualTo(4), "no row enqueued for the refused write");
        });
    }

    [Test]
    public async Task Concurrent_creates_of_one_account_make_one_account()
    {
        await using var store = await StoreFixture.CreateAsync();
        var accounts = store.RegulatorAccounts;
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => accounts.SaveAsync(Write(null, [Uuid], true, "v"), T0, CancellationToken.None))));
        Assert.Multiple(async () =>
        {
            Assert.That(results.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1));
            Assert.That(results.Count(r => r.Created), Is.EqualTo(1));
            Assert.That(results.Select(r => r.Version).Order(), Is.EqualTo(Enumerable.Range(1, 6)), "each write one version");
            Assert.That(await accounts.CountAsync(CancellationToken.None), Is.EqualTo(1));
        });
    }

    private static RegulatorAccountWrite Write(RegulatorIdentifier? address, RegulatorIdentifier[] identifiers, bool active, string json) =>
        new(address, identifiers, identifiers.FirstOrDefault(i => i.System == RegulatorIdentifier.NationalSystem) ?? identifiers[0], active, json, TwoPublishers);
}

using CsCheck;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Ingestion.Appointments;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The booking rule (README, "Security"; <see cref="BookingRights.Decide"/>) over random worlds: three publishers, four
/// connector instances each owned by none, one or two publishers, random holders and rosters of one PS, and any
/// administrator decision. The end-to-end cases are in Appointments.Tests/BookingRightsTests; here, the properties.
/// </summary>
public sealed class BookingRulePropertyTests
{
    private const string Practitioner = "810000000101";
    private static readonly string[] PublisherIds = ["alpha", "beta", "gamma"];
    private static readonly string[] Connectors = ["c1", "c2", "c3", "c4"];
    private static readonly string[] Sources = [.. PublisherIds.Select(p => "push-" + p), .. Connectors];

    // Per connector, its owners (a bit per publisher); holders and rostered as bit sets; the decision 0 none, 1 grant, 2 refuse.
    private static readonly Gen<World> Worlds = Gen.Select(
        Gen.Int[0, 7].Array[Connectors.Length],
        Gen.Int[0, (1 << Sources.Length) - 1],
        Gen.Int[0, (1 << Connectors.Length) - 1],
        Gen.Int[0, 2],
        Gen.Int[0, PublisherIds.Length - 1],
        (owners, holders, rostered, decision, publisher) => new World(owners, holders, rostered, decision, publisher));

    [Test]
    public void A_publisher_books_exactly_when_it_carries_the_PS_and_no_one_else_contests_it_undecided() =>
        Worlds.Sample(
            world =>
            {
                var verdict = world.Decide();
                var mine = world.Involved.Where(world.Owned.Contains).ToList();
                var others = world.Involved.Except(world.Owned).ToList();
                var expected = mine.Any(s => s != world.PushSource)
                    || (world.Holders.Contains(world.PushSource) && (others.Count == 0 || world.Decision is { Granted: true }));
                return verdict.Allowed == expected;
            },
            iter: 20_000);

    [Test]
    public void Nobody_books_for_a_PS_none_of_its_sources_carries_whatever_an_administrator_decided() =>
        Worlds.Sample(
            world => !world.Involved.Any(world.Owned.Contains) ? !world.Decide().Allowed : true,
            iter: 20_000);

    [Test]
    public void A_decision_never_changes_a_verdict_the_configuration_made() =>
        Worlds.Sample(
            world =>
            {
                var verdicts = new[] { 0, 1, 2 }.Select(d => (world with { DecisionCode = d }).Decide()).ToList();
                return verdicts.Any(v => v.Basis is BookingRights.Connector or BookingRights.SolePusher or BookingRights.NotPublished)
                    ? verdicts.All(v => v.Allowed == verdicts[0].Allowed && v.Basis == verdicts[0].Basis)
                    : verdicts.Select(v => v.Allowed).SequenceEqual([false, true, false]);
            },
            iter: 20_000);

    [Test]
    public void Another_publishers_data_never_opens_a_booking() =>
        Worlds.Sample(
            world =>
            {
                // Add every source the booking publisher does not own as a holder: a refusal stays a refusal.
                var crowded = world with { HolderBits = world.HolderBits | Enumerable.Range(0, Sources.Length).Where(i => !world.Owned.Contains(Sources[i])).Sum(i => 1 << i) };
                return world.Decide().Allowed || !crowded.Decide().Allowed;
            },
            iter: 20_000);

    [Test]
    public void Every_refusal_names_the_PS_and_a_contest_names_the_other_sources() =>
        Worlds.Sample(
            world =>
            {
                var verdict = world.Decide();
                return verdict.Allowed
                    || (verdict.Reason.Contains(Practitioner, StringComparison.Ordinal)
                        && (verdict.Basis is not (BookingRights.Contested or BookingRights.AdminRefused) || verdict.OtherSources.All(s => verdict.Reason.Contains(s, StringComparison.Ordinal))));
            },
            iter: 20_000);

    private sealed record World(int[] OwnerBits, int HolderBits, int RosteredBits, int DecisionCode, int PublisherIndex)
    {
        public string PublisherId => PublisherIds[PublisherIndex];

        public string PushSource => "push-" + PublisherId;

        public IReadOnlySet<string> Owned =>
            new HashSet<string>(Connectors.Where((_, i) => (OwnerBits[i] & (1 << PublisherIndex)) != 0).Append(PushSource), StringComparer.Ordinal);

        public IReadOnlyList<string> Holders => [.. Sources.Where((_, i) => (HolderBits & (1 << i)) != 0)];

        public IReadOnlyList<string> Rostered => [.. Connectors.Where((_, i) => (RosteredBits & (1 << i)) != 0)];

        public IReadOnlyList<string> Involved => [.. Holders.Concat(Rostered).Distinct(StringComparer.Ordinal)];

        public BookingDecision? Decision => DecisionCode == 0 ? null : new BookingDecision(Practitioner, PublisherId, DecisionCode == 1, DateTimeOffset.UnixEpoch, "admin");

        public BookingVerdict Decide() => BookingRights.Decide(PublisherId, Practitioner, Owned, Holders, Rostered, Decision);
    }
}

using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;

namespace Sas.Interop.Core.Tests.Geography;

/// <summary>Issue #18 item 4: which slots a hub-near search around the patient's point matches, by mode and perimeter.</summary>
public sealed class HomeVisitReachTests
{
    private const ConsultationModes Amb = ConsultationModes.Ambulatory;
    private const ConsultationModes Hh = ConsultationModes.HomeVisit;
    private const ConsultationModes Vr = ConsultationModes.Virtual;

    // Search radius 10 km throughout.
    [TestCase(Hh, 30_000, 40_000d, true, TestName = "HH: the patient inside the perimeter, the practice beyond the search radius")]
    [TestCase(Hh, 5_000, 2_000d, false, TestName = "HH: the practice near, the patient outside the perimeter")]
    [TestCase(Hh, 5_000, null, true, TestName = "HH without a perimeter: the searched distance, as before")]
    [TestCase(Hh, 30_000, null, false, TestName = "HH without a perimeter beyond the search radius")]
    [TestCase(Amb, 30_000, 40_000d, false, TestName = "AMB: the perimeter does not bring the patient to the practice")]
    [TestCase(Amb | Hh, 5_000, 2_000d, true, TestName = "AMB+HH: the practice near enough for the AMB half")]
    [TestCase(Amb | Hh, 30_000, 40_000d, true, TestName = "AMB+HH: the perimeter reaches for the HH half")]
    [TestCase(Vr, 5_000, null, true, TestName = "VR: the searched distance, as before")]
    [TestCase(ConsultationModes.None, 5_000, null, true, TestName = "No mode: the searched distance")]
    public void Without_a_mode_filter(ConsultationModes modes, double distance, double? perimeter, bool matches) =>
        Assert.That(HomeVisitReach.Matches(modes, [], distance, 10_000, perimeter), Is.EqualTo(matches));

    [Test]
    public void Asking_for_home_visits_only_leaves_the_AMB_half_out()
    {
        Assert.That(HomeVisitReach.Matches(Amb | Hh, [Hh], 5_000, 10_000, 2_000), Is.False);
        Assert.That(HomeVisitReach.Matches(Amb | Hh, [Amb], 30_000, 10_000, 40_000), Is.False);
        Assert.That(HomeVisitReach.Matches(Amb | Hh, [Amb | Hh], 30_000, 10_000, 40_000), Is.True);
        Assert.That(HomeVisitReach.Matches(Amb | Hh, [Amb, Hh], 30_000, 10_000, 40_000), Is.True, "AMB and HH both asked: either half answers");
    }
}

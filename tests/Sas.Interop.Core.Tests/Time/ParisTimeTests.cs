using Sas.Interop.Core.Configuration;
using Sas.Interop.Core.Time;

namespace Sas.Interop.Core.Tests.Time;

public sealed class ParisTimeTests
{
    [Test]
    public void The_zone_is_French_civil_time() =>
        Assert.That(ParisTime.Zone.Id, Is.EqualTo("Europe/Paris"));

    [Test]
    public void A_zone_the_system_does_not_know_is_a_configuration_problem_that_says_what_to_install()
    {
        var error = Assert.Throws<HubConfigurationException>(() => ParisTime.Load("Europe/Paris", id => throw new TimeZoneNotFoundException($"no {id}")));

        Assert.That(error!.Message, Does.Contain("Europe/Paris").And.Contain("tzdata"));
        Assert.That(error.InnerException, Is.TypeOf<TimeZoneNotFoundException>());
    }

    [Test]
    public void An_unreadable_zone_is_a_configuration_problem_too() =>
        Assert.Throws<HubConfigurationException>(() => ParisTime.Load("Europe/Paris", _ => throw new InvalidTimeZoneException("corrupt")));
}

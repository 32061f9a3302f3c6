namespace Sas.Interop.Core.Storage;

/// <summary>What declares a <see cref="PractitionerUnavailability"/>.</summary>
public static class UnavailabilityKinds
{
    /// <summary><c>PractitionerRole.notAvailable</c>.</summary>
    public const string NotAvailable = "not-available";

    /// <summary><c>PractitionerRole.active = false</c>: the place, until further notice.</summary>
    public const string InactiveRole = "inactive-role";

    /// <summary><c>Schedule.active = false</c>: that agenda, until further notice.</summary>
    public const string InactiveSchedule = "inactive-schedule";
}

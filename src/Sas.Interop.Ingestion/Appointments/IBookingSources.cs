namespace Sas.Interop.Ingestion.Appointments;

/// <summary>
/// What the booking rule needs to know of the hub's configuration and rosters: which sources are served, which
/// publishers push, and which served connector instances roster a practitioner. The host answers it (its served
/// sources, publisher registry and the database's rosters), so the rule itself has no hosting dependency.
/// </summary>
internal interface IBookingSources
{
    /// <summary>The ids of the configured push publishers.</summary>
    IReadOnlyList<string> PublisherIds { get; }

    /// <summary>True when the configuration serves <paramref name="sourceInstance"/> today (truth.md).</summary>
    bool IsServed(string sourceInstance);

    /// <summary>The served instances whose practitioner roster lists <paramref name="nationalId"/> (prefixed).</summary>
    Task<IReadOnlyList<string>> InstancesRosteringAsync(string nationalId, CancellationToken cancellationToken);

    /// <summary>Every (served instance, prefixed national id) pair of the practitioner rosters.</summary>
    Task<IReadOnlyList<(string Instance, string NationalId)>> PractitionerRostersAsync(CancellationToken cancellationToken);
}

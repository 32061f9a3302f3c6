using System.Security.Cryptography.X509Certificates;
using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>Settings of one simulated IG-conformant publisher.</summary>
public sealed class PublisherSimulatorOptions
{
    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Name used in the publisher's own identifier systems and booking URLs (a host-name label).</summary>
    public string Name { get; set; } = "simulated-publisher";

    /// <summary>
    /// The flow the generated data is shaped for (ignored when <see cref="Resources"/> is set). The simulator answers
    /// the PS, CPTS and SOS searches whatever the kind; the kind decides what there is to find.
    /// </summary>
    public SimulatedPublisherKind Kind { get; set; } = SimulatedPublisherKind.Ps;

    /// <summary>Number of generated practitioners for <see cref="SimulatedPublisherKind.Ps"/> and <see cref="SimulatedPublisherKind.Cpts"/>.</summary>
    public int PractitionerCount { get; set; } = 20;

    /// <summary>Number of generated SOS Médecins associations for <see cref="SimulatedPublisherKind.Sos"/>.</summary>
    public int AssociationCount { get; set; } = 10;

    /// <summary>Seed of the deterministic generator: the same seed and anchor give the same data.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>How many days of slots to generate from <see cref="Anchor"/>.</summary>
    public int Days { get; set; } = 7;

    /// <summary>Start of generated data (rounded down to the hour); defaults to now, French time.</summary>
    public DateTimeOffset? Anchor { get; set; }

    /// <summary>
    /// Serve exactly these resources (e.g. the IG examples) instead of generated data. A Bundle is served as the
    /// resources of its entries.
    /// </summary>
    public IReadOnlyList<Resource>? Resources { get; set; }

    /// <summary>
    /// Answer searches in pages of this many matches (Slots; Schedules for SOS) with <c>next</c> links (the IG describes no paging, so the
    /// default, null, answers in one page as the SAS expects). A <c>_count</c> in the request wins.
    /// </summary>
    public int? PageSize { get; set; }

    /// <summary>
    /// Fault hook: given the 1-based number of a search (Slot and Schedule searches counted together), an HTTP status to fail it with (body: an
    /// OperationOutcome), or null to answer it normally.
    /// </summary>
    public Func<int, int?>? SearchFailure { get; set; }

    /// <summary>
    /// Latency hook: given the 1-based number of a Slot search, how long to wait before answering it, or null to
    /// answer at once. A delay longer than the client's timeout simulates a publisher that times out; the wait
    /// ends early if the client goes away.
    /// </summary>
    public Func<int, TimeSpan?>? SearchDelay { get; set; }

    /// <summary>
    /// Fault-injection hook: given the 1-based number of a search (Slot and Schedule searches counted together), the
    /// fault to answer it with, or null to answer normally. Applied after <see cref="SearchDelay"/> and
    /// <see cref="SearchFailure"/>; a function of the number alone keeps a flapping publisher deterministic.
    /// </summary>
    public Func<int, SimulatedFault?>? Fault { get; set; }

    /// <summary>
    /// Also receive SAS regulator accounts (INT_R02, IG CapabilityStatement SAS-GestionnaireStructure) on the same
    /// base and TLS: <c>POST Practitioner</c>, <c>PUT Practitioner?identifier=system|value</c>, <c>GET Practitioner/{id}</c>;
    /// <c>/metadata</c> then declares them. Off by default: not every publisher takes accounts.
    /// </summary>
    public bool ReceivesRegulatorAccounts { get; set; }

    /// <summary>
    /// Issue #18 item 1, for PS and CPTS data: the second practitioner declares a 30-day unavailability from the day after
    /// the anchor (<c>PractitionerRole.notAvailable</c>), the third's places are inactive (<c>active=false</c>). The
    /// generated values are otherwise unchanged. Off by default.
    /// </summary>
    public bool DeclaresUnavailabilities { get; set; }

    /// <summary>Serve HTTPS with this certificate (with its private key); null: plain HTTP.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>With <see cref="ServerCertificate"/>: require a client certificate issued by this CA (and no other) in the handshake.</summary>
    public X509Certificate2? RequiredClientCa { get; set; }
}

using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>Settings of one simulated IG-conformant publisher.</summary>
public sealed class PublisherSimulatorOptions
{
    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Name used in the publisher's own identifier systems and booking URLs.</summary>
    public string Name { get; set; } = "simulated-publisher";

    /// <summary>Number of generated practitioners (ignored when <see cref="Resources"/> is set).</summary>
    public int PractitionerCount { get; set; } = 20;

    /// <summary>Seed of the deterministic generator: the same seed and anchor give the same data.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>How many days of slots to generate from <see cref="Anchor"/>.</summary>
    public int Days { get; set; } = 7;

    /// <summary>Start of generated data (rounded down to the hour); defaults to now.</summary>
    public DateTimeOffset? Anchor { get; set; }

    /// <summary>Serve exactly these resources (e.g. the IG examples) instead of generated data.</summary>
    public IReadOnlyList<Resource>? Resources { get; set; }
}

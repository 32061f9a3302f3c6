namespace Sas.Interop.Samples.Publisher;

/// <summary>How the answer to an applied INT_R02 write is lost (<see cref="PublisherSimulator.LoseRegulatorAnswers"/>).</summary>
public enum RegulatorLostAnswer
{
    /// <summary>The write is applied, then answered 503 (with <see cref="PublisherSimulator.RegulatorRetryAfter"/> if set).</summary>
    ServiceUnavailable,

    /// <summary>The write is applied, then the connection is dropped before any answer.</summary>
    ConnectionDropped,
}

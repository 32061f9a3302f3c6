namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>What the hub must answer to one request of a conformance case.</summary>
public enum Expectation
{
    /// <summary>200 searchset with exactly the example bundle's slots.</summary>
    ExampleSlots,

    /// <summary>200 searchset with no entry and <c>total: 0</c> (nobody asked for is known).</summary>
    EmptySearchset,

    /// <summary>400 with an OperationOutcome.</summary>
    BadRequest,
}

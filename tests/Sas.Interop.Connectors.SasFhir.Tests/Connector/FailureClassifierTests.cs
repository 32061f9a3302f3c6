using System.Text.Json;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

/// <summary>Failures the simulator cannot produce: the hub's Polly pipeline, matched by type name.</summary>
public sealed class FailureClassifierTests
{
    [Test]
    public void A_broken_circuit_is_CircuitOpen() =>
        Assert.That(FailureClassifier.Classify(new BrokenCircuitException("The circuit is now open")).Kind, Is.EqualTo(ConnectorFailureKind.CircuitOpen));

    [Test]
    public void A_Polly_timeout_is_Timeout() =>
        Assert.That(FailureClassifier.Classify(new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:07'.")).Kind, Is.EqualTo(ConnectorFailureKind.Timeout));

    [Test]
    public void A_Polly_exception_wrapped_by_another_is_still_recognised() =>
        Assert.That(FailureClassifier.Classify(new HttpRequestException("wrapped", new BrokenCircuitException("open"))).Kind, Is.EqualTo(ConnectorFailureKind.CircuitOpen));

    [Test]
    public void An_HttpClient_timeout_is_Timeout() =>
        Assert.That(FailureClassifier.Classify(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout")).Kind, Is.EqualTo(ConnectorFailureKind.Timeout));

    [Test]
    public void Broken_JSON_is_Malformed() =>
        Assert.That(FailureClassifier.Classify(new JsonException("bad")).Kind, Is.EqualTo(ConnectorFailureKind.Malformed));

    [Test]
    public void Anything_else_is_Other_with_its_type() =>
        Assert.That(FailureClassifier.Classify(new InvalidCastException("odd")), Is.EqualTo(new ConnectorFailure(ConnectorFailureKind.Other, "InvalidCastException: odd")));

    // Stand-ins with Polly's type names: the classifier must not need a Polly reference.
    private sealed class BrokenCircuitException(string message) : Exception(message);

    private sealed class TimeoutRejectedException(string message) : Exception(message);
}

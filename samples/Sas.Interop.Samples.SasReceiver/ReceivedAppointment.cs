namespace Sas.Interop.Samples.SasReceiver;

/// <summary>One request the receiver got.</summary>
/// <param name="Method">POST or PUT.</param>
/// <param name="Identifier">The appointment's <c>system|value</c>.</param>
/// <param name="Sequence">The hub's per-appointment sequence header, if sent.</param>
/// <param name="Status">The appointment status in the body.</param>
/// <param name="AnsweredStatusCode">What the receiver answered.</param>
/// <param name="Body">The body as received.</param>
public sealed record ReceivedAppointment(string Method, string Identifier, int? Sequence, string? Status, int AnsweredStatusCode, string Body)
{
    /// <summary>The SAS id in the URL of an update by id (<c>PUT /fhir/Appointment/{id}</c>); null otherwise.</summary>
    public string? SasId { get; init; }

    /// <summary>The User-Agent header as sent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Subject of the client certificate of the connection (HTTPS receiver); null without one.</summary>
    public string? ClientCertificateSubject { get; init; }
}

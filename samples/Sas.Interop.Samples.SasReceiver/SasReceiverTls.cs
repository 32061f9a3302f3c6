using System.Security.Cryptography.X509Certificates;

namespace Sas.Interop.Samples.SasReceiver;

/// <summary>HTTPS for the simulated SAS, as the real one is reached: its server certificate and, when set, the CA a client certificate is required to chain to.</summary>
/// <param name="ServerCertificate">With its private key.</param>
/// <param name="RequiredClientCa">Null: no client certificate asked; set: the handshake fails without one issued by this CA.</param>
public sealed record SasReceiverTls(X509Certificate2 ServerCertificate, X509Certificate2? RequiredClientCa);

using Microsoft.Extensions.Configuration;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// A kind of connector (the <c>Type</c> in configuration, e.g. <c>sas-fhir</c>). Registered once with
/// <see cref="ConnectorServiceCollectionExtensions.AddConnectorType{T}"/>; builds one
/// <see cref="IAgendaConnector"/> per configured instance.
/// </summary>
public abstract class ConnectorType
{
    /// <summary>The value of <c>Connectors:&lt;id&gt;:Type</c> that selects this connector.</summary>
    public abstract string Name { get; }

    /// <summary>Readable problems with an instance's connector-specific settings; empty when valid.</summary>
    public virtual IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration) => [];

    /// <summary>
    /// The keys an instance fetches (its roster), read from its valid settings: the hub serves nothing of the instance
    /// outside them, so a key removed from the configuration stops being served at the next start-up instead of
    /// lingering until its data is withheld as stale. Null (the default) when the type has no fixed roster: then only
    /// removing or disabling the instance withdraws its data. Keys as the connector's batches scope them (prefixed).
    /// </summary>
    public virtual SourceRoster? ReadRoster(IConfigurationSection configuration) => null;

    /// <summary>
    /// Why a key (prefixed, already checked as a national id of the roster's kind) cannot be fetched by this type, for
    /// a roster upload's report; null when it can (the default).
    /// </summary>
    public virtual string? RosterKeyProblem(string key) => null;

    /// <summary>
    /// As <see cref="RosterKeyProblem(string)"/>, for an instance whose settings decide what it can fetch (e.g. an
    /// instance that searches SOS associations by SIRET takes no FINESS); by default the type's answer.
    /// </summary>
    public virtual string? RosterKeyProblem(string key, IConfigurationSection configuration) => RosterKeyProblem(key);

    public abstract IAgendaConnector Create(ConnectorCreationContext context);
}

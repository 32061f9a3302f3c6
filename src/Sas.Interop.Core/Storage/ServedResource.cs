using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>A stored record a search answer would carry, and the answer it is served as.</summary>
/// <param name="Record">The canonical record (a slot, schedule, practitioner, place, healthcare service, organization or location).</param>
/// <param name="Flow">Which answer carries it, hence its profile.</param>
public sealed record ServedResource(SourceRecord Record, ServedFlow Flow);

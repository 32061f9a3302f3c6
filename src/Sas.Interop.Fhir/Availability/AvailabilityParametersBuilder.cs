using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Availability;

/// <summary>The <c>$availability</c> answer: a Parameters resource, one <c>practitioner</c> part per practitioner asked.</summary>
/// <remarks>
/// <code>
/// from (instant)
/// practitioner*: identifier (Identifier),
///   availability*: horizon (code), end (instant), count (integer), mode* (3): code (code AMB|HH|VR), count (integer)
///   duration* (0..3): code (code AMB|HH|VR), value (Duration, UCUM min), source (code declared|median)
///   unavailable*: reason (code), start (dateTime)?, end (dateTime)?, description (string), place (string)?
/// </code>
/// Every practitioner asked is listed, with zeros when the hub holds no free slot for it. A slot offering several
/// modes counts in each of them, so the modes may add up to more than <c>count</c> (or less: a slot without a mode).
/// </remarks>
public static class AvailabilityParametersBuilder
{
    /// <summary>The per-mode parts, in this order: the IG's v3-ActCode consultation types (digest §5.1).</summary>
    private static readonly (string Code, ConsultationModes Flag)[] Modes =
    [
        ("AMB", ConsultationModes.Ambulatory),
        ("HH", ConsultationModes.HomeVisit),
        ("VR", ConsultationModes.Virtual),
    ];

    public static Parameters Build(
        AvailabilityRequest request,
        IReadOnlyList<SlotStart> starts,
        IReadOnlyDictionary<string, IReadOnlyList<StandardDuration>>? durations = null,
        IReadOnlyList<PractitionerUnavailability>? unavailabilities = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(starts);
        var horizons = AvailabilityHorizons.From(request.From);
        var byPractitioner = starts.ToLookup(s => s.PractitionerNationalId, StringComparer.Ordinal);
        var parameters = new Parameters();
        parameters.Parameter.Add(new Parameters.ParameterComponent { Name = "from", Value = new Instant(request.From) });
        foreach (var id in request.PractitionerNationalIds)
        {
            var practitioner = new Parameters.ParameterComponent { Name = "practitioner" };
            practitioner.Part.Add(new Parameters.ParameterComponent
            {
                Name = "identifier",
                Value = new Identifier(KnownIdentifierSystems.PractitionerNationalId, id),
            });
            var slots = byPractitioner[id].ToList();
            foreach (var horizon in horizons)
            {
                var within = slots.Where(s => s.Start >= request.From && s.Start < horizon.End).ToList();
                var count = within.Count;
                practitioner.Part.Add(new Parameters.ParameterComponent
                {
                    Name = "availability",
                    Part =
                    [
                        new Parameters.ParameterComponent { Name = "horizon", Value = new Code(horizon.Code) },
                        new Parameters.ParameterComponent { Name = "end", Value = new Instant(horizon.End) },
                        new Parameters.ParameterComponent { Name = "count", Value = new Integer(count) },
                        .. Modes.Select(mode => new Parameters.ParameterComponent
                        {
                            Name = "mode",
                            Part =
                            [
                                new Parameters.ParameterComponent { Name = "code", Value = new Code(mode.Code) },
                                new Parameters.ParameterComponent { Name = "count", Value = new Integer(within.Count(s => (s.Modes & mode.Flag) != 0)) },
                            ],
                        }),
                    ],
                });
            }

            // The standard duration per consultation mode: declared by the publisher, else the median slot length.
            foreach (var duration in durations?.GetValueOrDefault(id) ?? [])
            {
                practitioner.Part.Add(new Parameters.ParameterComponent
                {
                    Name = "duration",
                    Part =
                    [
                        new Parameters.ParameterComponent { Name = "code", Value = new Code(Modes.Single(m => m.Flag == duration.Mode).Code) },
                        new Parameters.ParameterComponent { Name = "value", Value = new Duration { Value = duration.Minutes, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" } },
                        new Parameters.ParameterComponent { Name = "source", Value = new Code(duration.Source == StandardDurationSource.Declared ? "declared" : "median") },
                    ],
                });
            }

            UnavailabilityParts.Add(practitioner, unavailabilities?.Where(u => u.PractitionerNationalId == id));
            parameters.Parameter.Add(practitioner);
        }

        return parameters;
    }

    /// <summary>The latest horizon end: how far the store must look.</summary>
    public static DateTimeOffset Until(DateTimeOffset from) => AvailabilityHorizons.From(from).Max(h => h.End);
}

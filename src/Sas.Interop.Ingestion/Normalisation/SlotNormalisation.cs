using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Elements;
using Sas.Interop.Fhir.Profiles;
using CoreSlotStatus = Sas.Interop.Core.Canonical.SlotStatus;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Slots, whatever the flow: each against its kept Schedule, with its types, consultation modes, motives, CPTS links
/// and appointment kind.
/// </summary>
internal sealed class SlotNormalisation(NormalisationRun run) : NormalisationStep(run)
{
    private const string R5ServiceTypeExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType";

    public void MapSlots()
    {
        foreach (var resource in SlotResources)
        {
            Guard(resource, () =>
            {
                if (MapSlot(resource) is { } slot)
                {
                    Slots.Add(slot);
                }
            });
        }
    }

    private CanonicalSlot? MapSlot(Slot resource)
    {
        if (!FhirReferences.TryGetId(resource.Schedule?.Reference, "Schedule", out var scheduleId))
        {
            Reject(resource, Reasons.BrokenReference, $"The Slot's schedule reference '{resource.Schedule?.Reference}' is not a Schedule reference; rejected.", "Slot.schedule");
            return null;
        }

        if (!Schedules.TryGetValue(scheduleId, out var schedule))
        {
            RejectForTarget(resource, ("Schedule", scheduleId), "Slot.schedule");
            return null;
        }

        var start = FhirValues.Instant(resource.StartElement);
        var end = FhirValues.Instant(resource.EndElement);
        if (start is null || end is null)
        {
            var missing = start is null ? "start" : "end";
            var raw = FhirValues.Raw(start is null ? resource.StartElement : resource.EndElement);
            Reject(resource, Reasons.MissingElement, raw is null ? $"The Slot has no {missing}; rejected." : $"The Slot's {missing} '{raw}' is not an instant; rejected.", $"Slot.{missing}");
            return null;
        }

        if (end <= start)
        {
            Reject(resource, Reasons.InvalidValue, $"The Slot ends ({end:O}) before or when it starts ({start:O}); rejected.", "Slot.end");
            return null;
        }

        // Checked before the asked window, so a year-0001 slot is reported as what it is, not as merely unasked.
        foreach (var (instant, element) in new[] { (start.Value, "start"), (end.Value, "end") })
        {
            if (!SlotTimeWindow.Contains(instant, FetchedAt))
            {
                Reject(resource, Reasons.ImplausibleTime, $"The Slot's {element} {instant:O} is outside [{SlotTimeWindow.EarliestAt(FetchedAt):O}, {SlotTimeWindow.LatestAt(FetchedAt):O}] (a year either side of now); rejected.", "Slot." + element);
                return null;
            }
        }

        var status = FhirValues.Enum(resource.StatusElement);
        if (status is null)
        {
            var raw = FhirValues.Raw(resource.StatusElement);
            Reject(resource, raw is null ? Reasons.MissingElement : Reasons.InvalidValue, raw is null ? "The Slot has no status; rejected." : $"The Slot status '{raw}' is not a slot status; rejected.", "Slot.status");
            return null;
        }

        // A schedule is only kept with a kept, in-scope practitioner or association (a slot of an out-of-scope
        // one was rejected above through its schedule), so these lookups cannot fail.
        var practitionerNationalId = schedule.PractitionerNativeId is { } practitionerId ? Practitioners[practitionerId].NationalId : null;
        var organizationNationalId = schedule.LocationNativeId is { } locationId ? Organizations[Locations[locationId].OrganizationNativeId].NationalId : null;

        if (Asked is { } asked && (start < asked.From || start > asked.To))
        {
            Reject(resource, Reasons.OutOfWindow, $"The Slot starts at {start:O}, outside the asked window [{asked.From:O}, {asked.To:O}]; rejected.", "Slot.start");
            return null;
        }

        var (modes, motives) = ReadServiceTypes(resource);
        return Stamp(resource, new CanonicalSlot
        {
            SourceInstance = SourceInstance,
            NativeId = NativeIdOf(resource),
            ScheduleNativeId = scheduleId,
            PractitionerNationalId = practitionerNationalId,
            OrganizationNationalId = organizationNationalId,
            CptsServiceNativeIds = ReadCptsServices(resource),
            Start = start.Value,
            End = end.Value,
            Status = MapStatus(status.Value),
            Types = ReadSlotTypes(resource),
            Modes = modes,
            Motives = motives,
            AppointmentKind = ReadAppointmentKind(resource),
            Specialties = MapCodes(resource.Specialty),
            BookingUrl = FhirValues.Text(resource.Comment),
            Overbooked = resource.Overbooked == true,
        });
    }

    // CPTS visibility: a serviceType entry per CPTS, carrying the R5 extension that references its HealthcareService.
    private IReadOnlyList<string> ReadCptsServices(Slot resource)
    {
        var services = new List<string>();
        foreach (var serviceType in resource.ServiceType)
        {
            foreach (var extension in serviceType.Extension.Where(e => e.Url == R5ServiceTypeExtension))
            {
                var reference = (extension.Value as ResourceReference)?.Reference;
                if (!FhirReferences.TryGetId(reference, "HealthcareService", out var serviceId))
                {
                    Report(resource, Reasons.BrokenReference, $"The CPTS serviceType reference '{reference}' is not a HealthcareService reference; the CPTS link was dropped, the slot kept.", "Slot.serviceType.extension");
                }
                else if (!HealthcareServices.ContainsKey(serviceId))
                {
                    Report(resource, Reasons.BrokenReference, $"HealthcareService/{serviceId} (the slot's CPTS) is not in the batch or was rejected; the CPTS link was dropped, the slot kept.", "Slot.serviceType.extension");
                }
                else if (!services.Contains(serviceId, StringComparer.Ordinal))
                {
                    services.Add(serviceId);
                }
            }
        }

        return services;
    }

    private SlotTypes ReadSlotTypes(Slot resource)
    {
        var types = SlotTypes.None;
        foreach (var coding in resource.Meta?.Security ?? [])
        {
            var code = FhirValues.Text(coding.Code);
            var known = code?.ToUpperInvariant() switch
            {
                "PUBLIC" => SlotTypes.Public,
                "PRO" => SlotTypes.Pro,
                "SNP" => SlotTypes.Snp,
                "CPTS" => SlotTypes.Cpts,
                _ => SlotTypes.None,
            };

            // Other security labels (confidentiality…) are none of our business; a system-less known code is kept.
            if (coding.System == SasCodeSystems.SlotType || (coding.System is null && known != SlotTypes.None))
            {
                if (known == SlotTypes.None)
                {
                    Report(resource, Reasons.BadCode, $"'{code}' is not a TRE_R314 slot type (PUBLIC, PRO, SNP, CPTS); the code was ignored, the slot kept.", "Slot.meta.security");
                }

                types |= known;
            }
        }

        return types;
    }

    // Coded entries give the consultation modes; text gives the motives. The IG moved motives to their own
    // text-only entries (1.1.0), but its CPTS2 example still puts one in the text of the AMB entry, so text on a
    // coded entry is a motive too, unless it only repeats the code's display. CPTS entries (TRE_R66 604 + R5
    // extension) point to a HealthcareService the PS flow does not carry: skipped.
    private (ConsultationModes Modes, IReadOnlyList<string> Motives) ReadServiceTypes(Slot resource)
    {
        var modes = ConsultationModes.None;
        var motives = new List<string>();
        foreach (var serviceType in resource.ServiceType)
        {
            if (serviceType.Extension.Any(e => e.Url == R5ServiceTypeExtension) || serviceType.Coding.Any(c => c.System == SasCodeSystems.CategorieEtablissement))
            {
                continue;
            }

            foreach (var coding in serviceType.Coding)
            {
                var mode = coding.Code?.Trim() switch
                {
                    "AMB" => ConsultationModes.Ambulatory,
                    "HH" => ConsultationModes.HomeVisit,
                    "VR" => ConsultationModes.Virtual,
                    _ => ConsultationModes.None,
                };
                if (mode == ConsultationModes.None || (coding.System is not null && coding.System != SasCodeSystems.ActCode))
                {
                    Report(resource, Reasons.BadCode, $"'{coding.System}|{coding.Code}' is not a consultation type (v3-ActCode AMB, HH, VR); the code was ignored, the slot kept.", "Slot.serviceType");
                    continue;
                }

                modes |= mode;
            }

            var text = FhirValues.Text(serviceType.Text);
            var repeatsDisplay = serviceType.Coding.Any(c => string.Equals(FhirValues.Text(c.Display), text, StringComparison.OrdinalIgnoreCase));
            if (text is not null && !repeatsDisplay && !motives.Contains(text, StringComparer.Ordinal))
            {
                motives.Add(text);
            }
        }

        return (modes, motives);
    }

    private AppointmentKind ReadAppointmentKind(Slot resource)
    {
        var codings = resource.AppointmentType?.Coding ?? [];
        foreach (var coding in codings)
        {
            if (coding.System is null or SasCodeSystems.AppointmentType)
            {
                switch (coding.Code?.Trim().ToUpperInvariant())
                {
                    case "ROUTINE":
                        return AppointmentKind.Routine;
                    case "WALKIN":
                        return AppointmentKind.WalkIn;
                }
            }
        }

        if (codings.Count > 0)
        {
            Report(resource, Reasons.BadCode, "The appointment type is neither v2-0276 ROUTINE nor WALKIN; it was ignored, the slot kept.", "Slot.appointmentType");
        }

        return AppointmentKind.Unspecified;
    }

    private static CoreSlotStatus MapStatus(Slot.SlotStatus status) => status switch
    {
        Slot.SlotStatus.Busy => CoreSlotStatus.Busy,
        Slot.SlotStatus.BusyUnavailable => CoreSlotStatus.BusyUnavailable,
        Slot.SlotStatus.BusyTentative => CoreSlotStatus.BusyTentative,
        Slot.SlotStatus.EnteredInError => CoreSlotStatus.EnteredInError,
        _ => CoreSlotStatus.Free,
    };

}

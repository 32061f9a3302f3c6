using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Appointments;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Ingestion.Push;

namespace Sas.Interop.Ingestion.Appointments;

/// <summary>
/// INT_R03 on the hub: checks an Appointment against the IG profile and the publisher's ownership, stores it with its
/// outbox row (and the booked slot marked busy) in one transaction, then wakes the relay.
/// </summary>
internal sealed class AppointmentService(IAppointmentStore store, PublisherSources sources, BookingRights rights, PublisherLocks locks, IAppointmentOutboxSignal signal, TimeProvider clock)
{
    /// <param name="publisherId">Who writes (<c>Publishers:&lt;id&gt;</c>).</param>
    /// <param name="appointment">The parsed body.</param>
    /// <param name="conditionalIdentifier">The <c>identifier=</c> of a conditional update; null for a create.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<AppointmentSaveResult> SaveAsync(string publisherId, Appointment appointment, string? conditionalIdentifier, CancellationToken cancellationToken)
    {
        var validated = AppointmentValidator.Validate(appointment, out var issues);
        if (validated is null)
        {
            throw new FhirRequestException((int)HttpStatusCode.UnprocessableEntity, issues);
        }

        if (conditionalIdentifier is not null)
        {
            CheckConditionalMatches(conditionalIdentifier, validated);
        }

        // Serialised per publisher, like push: the existence check (201/200) and the sequence number are one step.
        using var held = await locks.AcquireAsync(publisherId, cancellationToken);
        var owned = sources.Of(publisherId);
        var slot = await ResolveSlotAsync(validated, owned, cancellationToken);

        // Booking rights are checked when the appointment becomes the practitioner's (a creation, or a move to them):
        // that is when the SAS's counter moves. An update of an appointment already theirs (a cancellation) always passes.
        if (validated.PractitionerNationalId is { } practitioner
            && (await store.FindAsync(publisherId, validated.IdentifierSystem, validated.IdentifierValue, cancellationToken))?.PractitionerNationalId != practitioner)
        {
            var verdict = await rights.CheckAsync(publisherId, practitioner, cancellationToken);
            if (!verdict.Allowed)
            {
                throw Forbidden(verdict.Reason, "Appointment.participant");
            }
        }

        // The SAS assigns its own id. It receives the publisher's appointment as sent, except the slot: it names the id
        // the SAS was served (the hub's), not the publisher's native id, which the SAS never saw.
        appointment.Id = null;
        if (slot is not null)
        {
            appointment.Slot[0].Reference = "Slot/" + ResourceIds.For(slot.SourceInstance, slot.NativeId);
        }

        var write = new AppointmentWrite(
            publisherId,
            validated.IdentifierSystem,
            validated.IdentifierValue,
            validated.Status,
            validated.Start,
            validated.End,
            validated.PractitionerNationalId,
            slot,
            FhirJson.Serialize(appointment));
        var result = await store.SaveAsync(write, clock.GetUtcNow(), cancellationToken);
        signal.Notify();
        appointment.Id = result.Id;
        return result;
    }

    private static void CheckConditionalMatches(string parameter, ValidatedAppointment validated)
    {
        var bar = parameter.IndexOf('|', StringComparison.Ordinal);
        var system = bar < 0 ? null : parameter[..bar].Trim();
        var value = (bar < 0 ? parameter : parameter[(bar + 1)..]).Trim();
        if (value.Length == 0 || (system is { Length: > 0 } && system != validated.IdentifierSystem) || value != validated.IdentifierValue)
        {
            throw new FhirRequestException((int)HttpStatusCode.BadRequest, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.Invalid,
                $"?identifier={parameter} does not name the body's identifier {validated.IdentifierSystem}|{validated.IdentifierValue}.",
                "Appointment.identifier[0]")]);
        }
    }

    // Slot/<id>: the publisher's native id among the sources it owns, or a hub id (<source>.<native id>) as served to the
    // SAS. A hub id of a source it does not own is refused; a native id it does not hold is unknown (nothing to mark).
    private async Task<SlotKey?> ResolveSlotAsync(ValidatedAppointment validated, IReadOnlySet<string> owned, CancellationToken cancellationToken)
    {
        if (validated.SlotReference is not { } id)
        {
            return null;
        }

        SlotKey? key = null;
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var prefix = id[..dot];
            var native = id[(dot + 1)..];
            var holders = await store.SlotSourcesAsync(native, cancellationToken);
            if (holders.Contains(prefix))
            {
                if (!owned.Contains(prefix))
                {
                    throw Forbidden($"Slot/{id} belongs to source '{prefix}', which is not yours.", "Appointment.slot[0]");
                }

                key = new SlotKey(prefix, native);
            }
        }

        if (key is null)
        {
            var holders = await store.SlotSourcesAsync(id, cancellationToken);
            var mine = holders.Where(owned.Contains).Order(StringComparer.Ordinal).FirstOrDefault();
            key = mine is null ? null : new SlotKey(mine, id);
        }

        if (key is not null && validated.PractitionerNationalId is { } practitioner
            && await store.SlotPractitionerAsync(key, cancellationToken) is { } slotPractitioner && slotPractitioner != practitioner)
        {
            throw new FhirRequestException((int)HttpStatusCode.UnprocessableEntity, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.BusinessRule,
                $"Slot/{id} is in the agenda of {slotPractitioner}, but the appointment's PS is {practitioner}.",
                "Appointment.slot[0]")]);
        }

        return key;
    }

    private static FhirRequestException Forbidden(string message, string expression) =>
        new((int)HttpStatusCode.Forbidden, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Forbidden, message, expression)]);
}

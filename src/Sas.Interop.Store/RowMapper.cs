using System.Text.Json;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>Canonical records ⇄ rows. Lists and small value objects are stored as JSON text columns.</summary>
internal static class RowMapper
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T FromJson<T>(string? json, T fallback) =>
        string.IsNullOrEmpty(json) ? fallback : JsonSerializer.Deserialize<T>(json, Json) ?? fallback;

    public static DateTime Utc(DateTimeOffset value) => value.UtcDateTime;

    public static DateTime? Utc(DateTimeOffset? value) => value?.UtcDateTime;

    public static DateTimeOffset Offset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? Offset(DateTime? utc) => utc is null ? null : Offset(utc.Value);

    public static void Apply(PractitionerRow row, CanonicalPractitioner p)
    {
        row.NationalId = p.NationalId;
        row.Family = p.Family;
        row.GivenJson = ToJson(p.Given);
        row.TelecomsJson = ToJson(p.Telecoms);
        row.SourceLastUpdatedUtc = Utc(p.SourceLastUpdated);
        row.FetchedAtUtc = Utc(p.FetchedAt);
    }

    public static CanonicalPractitioner ToCanonical(PractitionerRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        NationalId = row.NationalId,
        Family = row.Family,
        Given = FromJson<List<string>>(row.GivenJson, []),
        Telecoms = FromJson<List<CanonicalTelecom>>(row.TelecomsJson, []),
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
    };

    public static void Apply(PlaceRow row, CanonicalPlace p)
    {
        row.PractitionerNativeId = p.PractitionerNativeId;
        row.LocationIdentifierJson = p.LocationIdentifier is null ? null : ToJson(p.LocationIdentifier);
        row.LocationName = p.LocationName;
        row.AddressJson = p.Address is null ? null : ToJson(p.Address);
        row.PostalCode = p.Address?.PostalCode;
        row.OrganizationJson = p.Organization is null ? null : ToJson(p.Organization);
        row.TelecomsJson = ToJson(p.Telecoms);
        row.SpecialtiesJson = ToJson(p.Specialties);
        row.SourceLastUpdatedUtc = Utc(p.SourceLastUpdated);
        row.FetchedAtUtc = Utc(p.FetchedAt);
    }

    public static CanonicalPlace ToCanonical(PlaceRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        PractitionerNativeId = row.PractitionerNativeId,
        LocationIdentifier = FromJson<CanonicalIdentifier?>(row.LocationIdentifierJson, null),
        LocationName = row.LocationName,
        Address = FromJson<CanonicalAddress?>(row.AddressJson, null),
        Organization = FromJson<CanonicalIdentifier?>(row.OrganizationJson, null),
        Telecoms = FromJson<List<CanonicalTelecom>>(row.TelecomsJson, []),
        Specialties = FromJson<List<CanonicalCode>>(row.SpecialtiesJson, []),
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
    };

    public static void Apply(ScheduleRow row, CanonicalSchedule s)
    {
        row.PractitionerNativeId = s.PractitionerNativeId;
        row.PlaceNativeId = s.PlaceNativeId;
        row.SourceLastUpdatedUtc = Utc(s.SourceLastUpdated);
        row.FetchedAtUtc = Utc(s.FetchedAt);
    }

    public static CanonicalSchedule ToCanonical(ScheduleRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        PractitionerNativeId = row.PractitionerNativeId,
        PlaceNativeId = row.PlaceNativeId,
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
    };

    public static SlotRow ToRow(CanonicalSlot s) => new()
    {
        SourceInstance = s.SourceInstance,
        NativeId = s.NativeId,
        ScheduleNativeId = s.ScheduleNativeId,
        PractitionerNationalId = s.PractitionerNationalId,
        StartUtc = Utc(s.Start),
        EndUtc = Utc(s.End),
        StartOffsetMinutes = (int)s.Start.Offset.TotalMinutes,
        EndOffsetMinutes = (int)s.End.Offset.TotalMinutes,
        Status = (int)s.Status,
        Types = (int)s.Types,
        Modes = (int)s.Modes,
        AppointmentKind = (int)s.AppointmentKind,
        SpecialtiesJson = ToJson(s.Specialties),
        MotivesJson = ToJson(s.Motives),
        BookingUrl = s.BookingUrl,
        SourceLastUpdatedUtc = Utc(s.SourceLastUpdated),
        FetchedAtUtc = Utc(s.FetchedAt),
    };

    public static CanonicalSlot ToCanonical(SlotRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        ScheduleNativeId = row.ScheduleNativeId,
        PractitionerNationalId = row.PractitionerNationalId,
        Start = Offset(row.StartUtc).ToOffset(TimeSpan.FromMinutes(row.StartOffsetMinutes)),
        End = Offset(row.EndUtc).ToOffset(TimeSpan.FromMinutes(row.EndOffsetMinutes)),
        Status = (SlotStatus)row.Status,
        Types = (SlotTypes)row.Types,
        Modes = (ConsultationModes)row.Modes,
        AppointmentKind = (AppointmentKind)row.AppointmentKind,
        Specialties = FromJson<List<CanonicalCode>>(row.SpecialtiesJson, []),
        Motives = FromJson<List<string>>(row.MotivesJson, []),
        BookingUrl = row.BookingUrl,
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
    };
}
